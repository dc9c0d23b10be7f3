"""Training the project's own English Stanza models from UD treebanks.

`treebanks` builds the training data (EWT plus the freely licensed part of GUM),
`vectors` turns the GloVe package into a Stanza pretrain file, `recipe` runs Stanza's own
trainers for each processor with logs and checkpoints, and `manifest` records what was built.
"""
