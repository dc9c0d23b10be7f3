"""The attribution rules on hand-checked parses: one table per construction of issue 3.

Every row names a gold CoNLL-U fixture in ``tests/fixtures/conllu`` (UD v2, English EWT
conventions as of the 2025 release: a reporting verb after its quote is the ``root`` and the
quote its ``ccomp``; a reporting clause inside the content is ``parataxis``; titles are
``nmod:desc``; passive agents are ``obl:agent``; "it was announced that …" is ``expl`` plus
``csubj:pass``). The text a row passes is the text the fixture's ``# text`` lines were cut
from, so no row depends on a trained model. Fixtures named ``variant_*`` are not gold: they keep
a gold sentence but use an older or parser-style analysis the rules must also survive.

Rows are ``(fixture, text, expected)``; ``expected`` lists every attribution of the text in
order as `Expect` tuples. Negative rows (no attribution at all) sit beside the positive ones.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pytest
from fixture_engine import FIXTURES, Expect, extract_fixture, summary

from attribution.model import Result


def run(fixture: str, text: str) -> Result:
    """Extract attributions from ``text`` with the gold parse of ``fixture``, rules only (the
    learned cue detector and the calibrator have tests of their own: these rows must not
    change when a model is retrained)."""
    return extract_fixture(fixture, text)


VC = "verb-complement"

# 1. Speech, writing and belief verbs with a clausal complement.
VERB_COMPLEMENT = [
    ("said_bridge", "Mayor Lena Okafor said the bridge would reopen in May.",
     [Expect(VC, ("the bridge would reopen in May",), "said", "Mayor Lena Okafor")]),
    ("told_reporters", "The minister told reporters that the talks had stalled.",
     [Expect(VC, ("the talks had stalled",), "told", "The minister", "reporters")]),
    ("admitted_budget", "Okafor admitted that the budget was too small.",
     [Expect(VC, ("the budget was too small",), "admitted", "Okafor")]),
    ("believe_dam", "Many farmers believe the new dam will harm the river.",
     [Expect(VC, ("the new dam will harm the river",), "believe", "Many farmers")]),
    ("warned_strike", "The union warned that a strike could begin on Monday.",
     [Expect(VC, ("a strike could begin on Monday",), "warned", "The union")]),
    ("audit_found", "The audit found that two contracts were never signed.",
     [Expect(VC, ("two contracts were never signed",), "found", "The audit")]),
    # negative: no speech or belief reported
    ("neg_lunch", "Okafor and Reyes had lunch at the embassy on Tuesday.", []),
    ("neg_agreed", "The delegates agreed to set up a joint committee.", []),
    ("neg_travel", "The minister flew to Lagos after the summit.", []),
    ("neg_found_conj",
          "Divers found the missing boat near the harbour, and the crew was rescued.", []),
]

# 2. The reporting clause after or inside the content.
REPORTING_CLAUSE = [
    ("final_said", "The factory will close next year, a company spokeswoman said.",
     [Expect(VC, ("The factory will close next year",), "said", "a company spokeswoman")]),
    ("inverted_said", "“We are not giving up,” said Coach Ana Ruiz.",
     [Expect(VC, ("“We are not giving up,”",), "said", "Coach Ana Ruiz", type="direct")]),
    ("admitted_quote", "“We made too many mistakes,” she admitted.",
     [Expect(VC, ("“We made too many mistakes,”",), "admitted", "she", type="direct")]),
    ("split_two_clauses", "“The plant is safe,” the engineer said, “and it will stay safe.”",
     [Expect(VC, ("“The plant is safe,”", "“and it will stay safe.”"), "said", "the engineer",
             type="direct")]),
    ("split_medial", "“This ruling,” she said, “changes nothing for our members.”",
     [Expect("reporting-clause", ("“This ruling,”", "“changes nothing for our members.”"),
             "said", "she", type="direct")]),
    ("medial_indirect", "The talks, the envoy said, were productive.",
     [Expect("reporting-clause", ("The talks", "were productive"), "said", "the envoy")]),
    ("variant_parataxis", "Prices will rise again, the analyst said.",
     [Expect("reporting-clause", ("Prices will rise again",), "said", "the analyst")]),
    # a participle set off after the reporting clause is what the speaker did, not what he
    # said, in the gold analysis (advcl) and when the parser makes it the complement (ccomp)
    ("said_wiping", "Sales were strong, he said, wiping his brow.",
     [Expect("reporting-clause", ("Sales were strong",), "said", "he")]),
    ("variant_said_wiping", "Sales were strong, he said, wiping his brow.",
     [Expect("reporting-clause", ("Sales were strong",), "said", "he")]),
]

# 3. "According to X", "in the words of X", "as X put it".
PREPOSITIONAL = [
    ("according_initial", "According to the fire brigade, the blaze started in a kitchen.",
     [Expect("according-to", ("the blaze started in a kitchen",), "According to",
             "the fire brigade")]),
    ("according_final", "Turnout fell by ten percent, according to the electoral commission.",
     [Expect("according-to", ("Turnout fell by ten percent",), "according to",
             "the electoral commission")]),
    # the whole clause before it, conjoined subject included
    ("according_conjoined", "Clinton and Trump are tied in Ohio, according to a new poll.",
     [Expect("according-to", ("Clinton and Trump are tied in Ohio",), "according to",
             "a new poll")]),
    ("words_of", "In the words of one trader, the market has “lost its nerve”.",
     [Expect("in-the-words-of", ("the market has “lost its nerve”",), "In the words of",
             "one trader", type="mixed")]),
    ("as_put", "The plan, as the minister put it, is “a fresh start” for the port.",
     [Expect("as-clause", ("The plan", "is “a fresh start” for the port"), "put",
             "the minister", type="mixed")]),
    ("neg_according_plan", "According to plan, the ferry left at noon.", []),
]

# 4. Quote-mark styles, wrong-way and missing marks, nesting, apostrophes, scare quotes.
QUOTE_MARKS = [
    # a quote broken off with a comma before the reporting clause opens the content after it
    ("fronted_quote_piece", "“Normally,” she said, “the plant would close.”",
     [Expect(VC, ("“Normally,”", "“the plant would close.”"), "said", "she", type="direct")]),
    ("straight_marks", "\"Prices will rise,\" the analyst said.",
     [Expect(VC, ("\"Prices will rise,\"",), "said", "the analyst", type="direct")]),
    ("guillemets", "«We are staying,» the mayor said.",
     [Expect(VC, ("«We are staying,»",), "said", "the mayor", type="direct")]),
    ("low_nine", "„We will appeal,“ the lawyer said.",
     [Expect(VC, ("„We will appeal,“",), "said", "the lawyer", type="direct")]),
    ("single_marks", "‘We will appeal,’ the lawyer said.",
     [Expect(VC, ("‘We will appeal,’",), "said", "the lawyer", type="direct")]),
    ("wrong_way", "“We did everything we could“, the captain said.",
     [Expect(VC, ("“We did everything we could“",), "said", "the captain", type="direct")]),
    ("odd_marks", "“The road is closed until further notice, police said.",
     [Expect(VC, ("“The road is closed until further notice",), "said", "police",
             type="direct")]),
    ("nested_quote", "“My father always said ‘keep your word’, and I did,” Reyes recalled.",
     [Expect(VC, ("“My father always said ‘keep your word’, and I did,”",), "recalled", "Reyes",
             type="direct"),
      Expect(VC, ("‘keep your word’",), "said", "My father", type="direct", nested_in="a1")]),
    # apostrophes are not quote marks: the paraphrase stays indirect
    ("apostrophes", "The drivers' union said it won't sign the workers' deal.",
     [Expect(VC, ("it won't sign the workers' deal",), "said", "The drivers' union")]),
    # scare quotes of one to three words attribute nothing
    ("scare_quotes", "The “smart” meters were installed in 2019.", []),
    ("scare_quotes_two", "Sales of “eco” tyres doubled last year.", []),
    ("doc_scare_context", "Okafor said the budget was fine. The “reform” package passed on Friday.",
     [Expect(VC, ("the budget was fine",), "said", "Okafor")]),
    ("neg_short_scare", "The mayor liked the “new look.”", []),
    # a quote of one word right after "said," is what was said, however the parser hangs it
    ("said_comma_never", "The mayor said, “Never.”",
     [Expect(VC, ("“Never.”",), "said", "The mayor", type="direct")]),
    ("variant_said_comma_never", "The mayor said, “Never.”",
     [Expect("quote-cue", ("“Never.”",), "said", "The mayor", type="direct")]),
]

# 5. Quotes with no cue: the neighbouring speaker in the same or previous paragraph, or nobody.
CONTEXT = [
    # a quote of a whole sentence is a statement however short
    ("short_quote_after", "“The harbour is ready,” the mayor said. “We are proud.”",
     [Expect(VC, ("“The harbour is ready,”",), "said", "the mayor", type="direct"),
      Expect("quote-context", ("“We are proud.”",), None, "the mayor", type="direct")]),
    ("doc_context", "Reyes said the harbour would be dredged this summer. “It is long overdue.”",
     [Expect(VC, ("the harbour would be dredged this summer",), "said", "Reyes"),
      Expect("quote-context", ("“It is long overdue.”",), None, "Reyes", type="direct")]),
    ("doc_unattributed",
     "The museum reopened on Saturday after two years.\n“Best day this town has had in ages.”",
     [Expect("unattributed-quote", ("“Best day this town has had in ages.”",), None, None,
             type="direct")]),
    ("doc_far",
     "Reyes said the harbour would be dredged.\nThe work will cost four million euros.\n"
     "Boats will moor at the old pier meanwhile.\n“Nobody will be left without a berth.”",
     [Expect(VC, ("the harbour would be dredged",), "said", "Reyes"),
      Expect("unattributed-quote", ("“Nobody will be left without a berth.”",), None, None,
             type="direct")]),
    ("doc_split_sentences",
     "“We lost today,” the captain said, “but we will be back. Next season is ours.”",
     [Expect(VC, ("“We lost today,”", "“but we will be back. Next season is ours.”"), "said",
             "the captain", type="direct")]),
    ("doc_multipara",
     "Ines Duarte, the harbour master, described the damage on Friday.\n"
     "“The storm broke two moorings and sank a trawler,” she said. “Three boats are still "
     "missing.\n“We will need a month to repair the quay.”",
     # "described the damage": a report whose content is its object; "on Friday" is when
     [Expect("object-content", ("the damage",), "described", "Ines Duarte, the harbour master"),
      Expect(VC, ("“The storm broke two moorings and sank a trawler,”",), "said", "she",
             type="direct"),
      Expect("quote-context", ("“Three boats are still missing.",
                               "“We will need a month to repair the quay.”"), None, "she",
             type="direct")]),
]

# A quote no cue claims, framed by a clause of its own sentence: that clause's subject speaks,
# not the speaker of the paragraph's other attributions.
FRAME = [
    # "notes" tagged as a noun: the clause after the quote still names its source
    ("variant_frame_notes", "“The bridge will hold for another century,” Okafor notes.",
     [Expect("quote-frame-after", ("“The bridge will hold for another century,”",), None,
             "Okafor", type="direct")]),
    ("doc_frame_before",
     "Okafor said the port would reopen in spring. Reyes shot back, “Nobody asked the farmers "
     "what they wanted.”",
     [Expect(VC, ("the port would reopen in spring",), "said", "Okafor"),
      Expect("quote-frame-before", ("“Nobody asked the farmers what they wanted.”",), None,
             "Reyes", type="direct"),
      Expect(VC, ("what they wanted",), "asked", "Nobody", "the farmers", type="direct",
             nested_in="a2")]),
    # the next quote goes on with the speaker, not with the "who" of a relative clause
    ("doc_context_relative",
     "“The harbour is ready,” said Ana Ruiz, who noted that the dredging was finished. “We can "
     "take the big ships now.”",
     [Expect(VC, ("“The harbour is ready,”",), "said", "Ana Ruiz", type="direct"),
      Expect(VC, ("the dredging was finished",), "noted", "who"),
      Expect("quote-context", ("“We can take the big ships now.”",), None, "Ana Ruiz",
             type="direct")]),
    # a quote with no clause around it still takes the paragraph's speaker
    ("doc_context", "Reyes said the harbour would be dredged this summer. “It is long overdue.”",
     [Expect(VC, ("the harbour would be dredged this summer",), "said", "Reyes"),
      Expect("quote-context", ("“It is long overdue.”",), None, "Reyes", type="direct")]),
    # a title in quote marks names a show; the clause around it frames no speech
    ("neg_title_show",
     "The senator will appear on “The Late Show With Stephen Colbert” next week.", []),
    # inside a sentence, a title keeps the sentence's comma within its quote marks
    ("neg_title_comma",
     "The actor, who starred in “Guardians of the Galaxy,” will host the gala.", []),
]

# A quote credited after a dash, as in a list of readers' or voters' voices.
DASH = [
    ("dash_credit", "“The bridge saved my business.” ― Ana Ruiz",
     [Expect("dash-credit", ("“The bridge saved my business.”",), None, "Ana Ruiz",
             type="direct")]),
]

# "I think …" inside a quote attributes a part of the quote, not the quote: the quote still
# takes its speaker from the context, and the inner "I" is that speaker.
INNER_CUE = [
    ("doc_think_quote",
     "The mayor, Ana Ruiz, said the vote was close.\n“I think we will win the next one.”",
     [Expect(VC, ("the vote was close",), "said", "The mayor, Ana Ruiz"),
      Expect("quote-context", ("“I think we will win the next one.”",), None,
             "The mayor, Ana Ruiz", type="direct"),
      Expect(VC, ("we will win the next one",), "think", "I", type="direct", nested_in="a2")]),
    # the inner "I think" content is most of the quote, yet the two are not one attribution
    ("quote_think_long",
     "“I think the council made a serious mistake with this budget,” Ruiz said.",
     [Expect(VC, ("“I think the council made a serious mistake with this budget,”",), "said",
             "Ruiz", type="direct"),
      Expect(VC, ("the council made a serious mistake with this budget",), "think", "I",
             type="direct", nested_in="a1")]),
]

# 6. Colon introductions.
COLON = [
    ("twitter", "Okafor wrote on Twitter: “The bridge opens on Monday.”",
     [Expect(VC, ("“The bridge opens on Monday.”",), "wrote", "Okafor", type="direct")]),
    # a name after a dash, then a colon: the name credits the quote (the parser hung the
    # name on "up" and "north" on the name)
    ("variant_colon_credit",
     "Early voting is up in the north - Ana Ruiz: “Turnout will be higher than anyone "
     "expects.”",
     [Expect("colon-quote", ("“Turnout will be higher than anyone expects.”",), None, "Ruiz",
             type="direct")]),
    ("caption",
          "The club posted a photo of the team with this caption: “Champions again, and "
          "nobody can stop us.”",
          [Expect("colon-quote", ("“Champions again, and nobody can stop us.”",), "posted",
                  "The club", type="direct")]),
]

# A transcript: a speaker label opens the paragraph ("KEANE: …"); a quoted paragraph with no
# label continues the last speaker; a heading in capitals is no speaker.
LABELS = [
    ("doc_transcript",
     '"KEANE: The storm closed every road in the valley.\n\n"It will take weeks to clear them '
     'all.\n\n"REYES: Then the school stays shut.',
     [Expect("speaker-label", ("The storm closed every road in the valley",), None, "KEANE",
             type="direct"),
      Expect("speaker-label", ("It will take weeks to clear them all",), None, "KEANE",
             type="direct"),
      Expect("speaker-label", ("Then the school stays shut",), None, "REYES", type="direct")]),
    ("neg_heading_label",
     "CORRECTION: An earlier version of this story gave the wrong date for the vote.", []),
    # a tally under names is no speech
    ("neg_label_tally", "Okafor: 1,204\n\nReyes: 987", []),
    # a heading's few words, a roll of names, a kicker: no speech
    ("neg_label_heading", "Okafor: A long shot.\n\nReyes: Hold the line.", []),
    ("neg_label_roll", "Ohio: Ana Ruiz, Tom Berg, Lena Cho and Sam Dove.", []),
    ("neg_label_kicker", "EXCLUSIVE: The mayor will close three schools next year.", []),
    # quoted, a short answer is speech
    ("label_short_quote", "Reyes: “Never again.”",
     [Expect("speaker-label", ("“Never again.”",), None, "Reyes", type="direct")]),
]

# 7. Broken sentences: a fragment that is only a reporting clause.
BROKEN = [
    ("broken_said",
     "Both sides have agreed to pull their troops back from the border. said the spokesman of "
     "the defence ministry.",
     [Expect("detached-reporting-clause",
             ("Both sides have agreed to pull their troops back from the border",), "said",
             "the spokesman of the defence ministry")]),
    ("neg_broken", "The ferry sank within minutes. Nobody said anything.", []),
]

# 8. Nested attributions.
NESTED = [
    ("nested_informed",
     "The spokesman said Reyes had informed Okafor that the port would close.",
     [Expect(VC, ("Reyes had informed Okafor that the port would close",), "said",
             "The spokesman"),
      Expect(VC, ("the port would close",), "informed", "Reyes", "Okafor", nested_in="a1")]),
    ("nested_told", "Police said the driver told them he had not seen the cyclist.",
     [Expect(VC, ("the driver told them he had not seen the cyclist",), "said", "Police"),
      Expect(VC, ("he had not seen the cyclist",), "told", "the driver", "them",
             nested_in="a1")]),
    ("nested_according",
     "According to the report, the minister believes the reform will fail.",
     [Expect("according-to", ("the minister believes the reform will fail",), "According to",
             "the report"),
      Expect(VC, ("the reform will fail",), "believes", "the minister", nested_in="a1")]),
]

# 9. Passive and impersonal forms.
PASSIVE = [
    ("told_by", "The mayor was told by the engineers that the bridge was unsafe.",
     [Expect(VC, ("the bridge was unsafe",), "told", "the engineers", "The mayor")]),
    ("warned_passive", "Residents were warned that the water was not safe to drink.",
     [Expect(VC, ("the water was not safe to drink",), "warned", None, "Residents")]),
    ("announced", "It was announced that the airport would close for a week.",
          [Expect(VC, ("the airport would close for a week",), "announced", None)]),
    ("variant_announced_ccomp", "It was announced that the airport would close for a week.",
     [Expect(VC, ("the airport would close for a week",), "announced", None)]),
    ("neg_passive", "The report was published by the ministry on Sunday.", []),
]

# Objects and prepositional objects that are the content ("denied the report").
OBJECTS = [
    ("denied_report", "The mayor denied the report.",
     [Expect("object-content", ("the report",), "denied", "The mayor")]),
    ("called_for", "Critics called for a recount.",
     [Expect("object-content", ("a recount",), "called", "Critics")]),
    # what the verb says of its object follows it ("for its strike"); a time ends it
    ("attacked_for", "The governor attacked the union for its strike on Monday.",
     [Expect("object-content", ("the union for its strike",), "attacked", "The governor")]),
    # negative: an infinitive of purpose states an aim, not what anybody said
    ("neg_purpose", "The council formed a panel to question the witnesses.", []),
    # negative: "call" with a plain object summons someone, it reports nothing
    ("neg_called_crew", "The captain called the crew on deck.", []),
]

# A parser that hangs the source inside the quote: the clause after the quote still names it.
QUOTE_THEN_CUE = [
    ("variant_speaker_in_quote", "“We will win,” Mr. Biden said.",
     [Expect("quote-reporting-clause", ("“We will win,”",), "said", "Mr. Biden",
             type="direct")]),
]

# A relative pronoun is the source as written; it resolves to the noun it modifies.
RELATIVE = [
    ("relative_who", "The senator, who said the bill would pass, left early.",
     [Expect("verb-complement", ("the bill would pass",), "said", "who")]),
]

# The relative pronoun is what was conceded, dubbed, described: the content's first piece.
RELATIVE_CONTENT = [
    ("relative_conceded", "The victory, which the senator conceded on Tuesday, ended the race.",
     [Expect("relative-content", ("which",), "conceded", "the senator")]),
    ("relative_dubbed", "He met a rival whom he had dubbed “the little senator” in March.",
     [Expect("relative-content", ("whom", "“the little senator”"), "dubbed", "he",
             type="mixed")]),
    ("relative_described_as",
     "The council dropped the plan, which the governor had described as a disaster.",
     [Expect("relative-content", ("which", "a disaster"), "described", "the governor")]),
    # negative: the verb of the relative clause reports nothing
    ("neg_relative_built", "The bridge, which the city built in 1990, is closing.", []),
]

# Parser errors around speech that PolNeAR train shows are common (all ``variant_*``: the
# analysis a weak parser gives, not gold), and two look-alikes that report nothing new.
PARSER_REPAIRS = [
    # the clause hung on a part of the addressee's name, "in" of the name taken for its marker
    # and "that" for an oblique: still the complement, and it starts at "that"
    ("variant_told_name_that", "The envoy told Lee Jae-in that he would return in May.",
     [Expect(VC, ("he would return in May",), "told", "The envoy", "Lee Jae-in")]),
    # the clause's fronted adverbial, after its "that", hung on the cue: still the content
    ("variant_fronted_after_that",
     "The mayor promised that if voters supported him, he would fight for the harbour.",
     [Expect(VC, ("if voters supported him, he would fight for the harbour",), "promised",
             "The mayor")]),
    # the speaker's title hung on the quote as an oblique, apart from the name after it: the
    # content ends at the quote's closing mark
    ("variant_title_on_quote",
     "“We cannot staff them safely,” its chair, Dr. Lena Ortiz, told reporters.",
     [Expect("reporting-clause", ("“We cannot staff them safely,”",), "told", "Dr. Lena Ortiz",
             "reporters", type="direct")]),
    ("variant_told_relative",
     "Maria Reyes, the envoy, told reporters that the talks had stalled. The envoy said she "
     "would return on Monday.",
     [Expect(VC, ("the talks had stalled",), "told", "Maria Reyes, the envoy", "reporters"),
      Expect(VC, ("she would return on Monday",), "said", "The envoy")]),
    # "she thinks" and "the plan will work" both hung on "said": one content.
    ("variant_split_complement", "The mayor said she thinks the plan will work.",
     [Expect(VC, ("she thinks the plan will work",), "said", "The mayor")]),
    # the content's subject taken for a second subject of "said".
    ("variant_fronted_subject", "The new bridge, the mayor said, was built too fast.",
     [Expect(VC, ("The new bridge", "was built too fast"), "said", "the mayor")]),
    # a reporting clause set off by commas: what comes before the speaker opens the content
    ("variant_fronted_adverb", "Too often, the mayor said, the debate ignores the farmers.",
     [Expect(VC, ("Too often", "the debate ignores the farmers"), "said", "the mayor")]),
    # … but a time before a plain "X said" is when, not what
    ("time_before_said", "On Monday the mayor said the debate ignores the farmers.",
     [Expect(VC, ("the debate ignores the farmers",), "said", "the mayor")]),
    # a relative clause inside the speaker phrase taken for a complement.
    ("variant_relative_ccomp", "Ana Ruiz, who coaches the team, said the season was over.",
     [Expect(VC, ("the season was over",), "said", "Ana Ruiz")]),
    # a final reporting clause hung as a conjunct of the content's first clause.
    ("variant_conj_reporting",
     "The plant will close, but the workers will be paid, a union official said.",
     [Expect("reporting-clause", ("The plant will close, but the workers will be paid",),
             "said", "a union official")]),
    # "said X, urging …" with X hung on "urging": the speaker is X, never a word of the quote
    ("variant_said_urging",
     "“Let the voters decide for themselves,” said Mayor Ana Ruiz, urging calm.",
     [Expect(VC, ("“Let the voters decide for themselves,”",), "said", "Mayor Ana Ruiz",
             type="direct")]),
    # a subjectless participle is no reporting clause of the verb it hangs on.
    ("variant_said_adding", "“We will appeal,” Ruiz said, adding that the ruling was unfair.",
     [Expect(VC, ("“We will appeal,”",), "said", "Ruiz", type="direct")]),
    # "…, adding that …" hung as a complement of "said": a second report, same speaker
    ("variant_said_adding_ccomp",
     "“The bridge is safe,” Okafor said, adding that repairs would start soon.",
     [Expect(VC, ("“The bridge is safe,”",), "said", "Okafor", type="direct"),
      Expect(VC, ("repairs would start soon",), "adding", "Okafor")]),
    # a participle hung as a complement takes the subject of the verb it hangs on …
    ("variant_left_saying", "Okafor left the meeting, saying the plan would fail.",
     [Expect(VC, ("the plan would fail",), "saying", "Okafor")]),
    # … unless it has a subject of its own
    ("variant_heard_saying", "Okafor heard Reyes saying the plan would fail.",
     [Expect(VC, ("the plan would fail",), "saying", "Reyes")]),
    # "it" is the source when it is the own subject of a verb of saying ("It says …").
    ("report_it_says", "The inspectors' report is blunt. It says the dam was never safe.",
     [Expect(VC, ("the dam was never safe",), "says", "It")]),
    # "said" hung inside the quote: the inner "I think" stays inside the quote, nested.
    ("variant_think_in_quote", "“The plan is bold, but I think it works,” the mayor said.",
     [Expect("reporting-clause", ("“The plan is bold, but I think it works,”",), "said",
             "the mayor", type="direct"),
      Expect(VC, ("it works",), "think", "I", type="direct", nested_in="a1")]),
    # "said that A and that B" with B hung on "said": one content
    ("variant_and_that", "The mayor said that taxes would fall and that schools would open.",
     [Expect(VC, ("taxes would fall and that schools would open",), "said", "The mayor")]),
    # the infinitive's own subject, an object of "expect", belongs to the content
    ("expect_to_win", "Most voters expect the senator to win.",
     [Expect("control-complement", ("the senator to win",), "expect", "Most voters")]),
    # later infinitives hung on "wants" continue the first one
    ("variant_wants_conj", "She wants to cut taxes, raise wages and build roads.",
     [Expect("control-complement", ("to cut taxes, raise wages and build roads",), "wants",
             "She")]),
    # "said on Thursday that …" with the clause hung on "Thursday" as a relative clause
    ("variant_that_on_time", "The health board said on Thursday that two clinics would close.",
     [Expect(VC, ("two clinics would close",), "said", "The health board")]),
    # the clause's subject taken for an object of "said"
    ("variant_subject_as_object", "The coach said the players are tired.",
     [Expect(VC, ("the players are tired",), "said", "The coach")]),
    # a relative clause hung as parataxis is no reporting clause of the sentence before it
    ("variant_relative_parataxis", "The plan pleased the unions, who questioned its cost.",
     [Expect("object-content", ("its cost",), "questioned", "who")]),
    # an active cue with no source anywhere in reach is a misreading, not an attribution
    ("neg_no_source", "Claiming that the vote was rigged helps nobody.", []),
    # coordination ("…, and the mayor said nothing") is no reporting clause.
    ("neg_said_and", "The council met on Monday, and the mayor said nothing.", []),
]

# 10. Source-less contents: raising verbs and passives (issue 11).
SOURCELESS = [
    ("raising_expected", "The new bridge is expected to open in June.",
     [Expect("raising", ("The new bridge", "to open in June"), "expected", None)]),
    ("raising_appear", "The voters appear to be tired of the fight.",
     [Expect("raising", ("The voters", "to be tired of the fight"), "appear", None)]),
    # the passive's subject is what is reported; its agent is the source
    # … and what it says of it starts after the preposition, as PolNeAR marks it
    ("passive_criticized", "The plan was criticized for its cost by the mayor.",
     [Expect("passive-subject", ("The plan", "its cost"), "criticized", "the mayor")]),
    # a relative pronoun subject stands in the content for the noun it refers to
    ("raising_relative", "The bridge, which is expected to open in June, cost millions.",
     [Expect("raising", ("which", "to open in June"), "expected", None)]),
    # negative: "is supposed to" is an obligation, not a report
    ("neg_supposed", "The ferry is supposed to leave at noon.", []),
    # verbs outside every cue list: nothing for the rules alone (tests/attribution/
    # test_cuemodel.py has the learned detector find them)
    ("learned_fumed", "The senator fumed that the deal was a disgrace.", []),
    ("learned_thundered", "Reyes thundered against the new tax on Monday.", []),
    ("learned_fond", "The governor was fond of the plan.", []),
    ("learned_hesitated", "Reyes hesitated to sell the farm.", []),
]


# Source-less contents the construction itself marks (`attribution.impersonal`): a hearsay
# adverb, "there are fears that", an impersonal "it appears"; and an unnamed asker's question.
IMPERSONAL = [
    ("hearsay_reportedly", "The group is reportedly spending two million dollars on ads.",
     [Expect("hearsay-adverb", ("The group is", "spending two million dollars on ads"),
             "reportedly", None)]),
    # an adverb inside a noun phrase heads no reported clause
    ("neg_reportedly_stolen", "The reportedly stolen car was parked outside.", []),
    ("there_fears", "There are fears that the talks will fail.",
     [Expect("existential-noun", ("the talks will fail",), "fears", None)]),
    ("neg_there_tables", "There are tables that the guests can use.", []),
    ("it_appears_that", "It appears that the vote was close.",
     [Expect("impersonal-raising", ("the vote was close",), "appears", None)]),
    # the parser's "it" as a subject and the clause as adverbial read the same way
    ("variant_it_appears_advcl", "It appears that the vote was close.",
     [Expect("impersonal-raising", ("the vote was close",), "appears", None)]),
    ("neg_it_appears_screen", "It appears on the screen.", []),
    # a subjectless "Asked …" puts someone unnamed's question to the main clause's subject
    ("asked_whether", "Asked whether he would run, the senator smiled.",
     [Expect(VC, ("he would run",), "Asked", None)]),
    ("asked_to_leave", "Asked to leave, the senator smiled.",
     [Expect("control-complement", ("to leave",), "Asked", None)]),
    ("neg_elected_in_may", "Elected in May, the senator smiled.", []),
]


# 11. Cue nouns, light verbs and adjectives of stance (`attribution.nominal`).
NC, LV, AC = "noun-complement", "light-verb", "adjective-complement"

NOUNS = [
    ("claim_that", "The mayor's claim that the bridge was safe angered residents.",
     [Expect(NC, ("the bridge was safe",), "claim", "The mayor")]),
    # the parser's relative clause with "that" as its marker is still the noun's complement
    ("variant_claim_that", "The mayor's claim that the bridge was safe angered residents.",
     [Expect(NC, ("the bridge was safe angered residents",), "claim", "The mayor")]),
    ("voiced_doubts", "She voiced doubts that the plan would work.",
     [Expect(NC, ("the plan would work",), "doubts", "She")]),
    # no possessor, no "by" phrase, no light verb: no source, and no attribution
    ("neg_announcement", "The announcement that the plant would close shocked the town.", []),
    # "that" is the relative clause's subject, not a complementizer
    ("neg_statement_relative", "A statement that appeared on the website listed the new hours.",
     []),
]

LIGHT_VERBS = [
    ("made_clear", "She made clear that the deal was over.",
     [Expect(LV, ("the deal was over",), "made clear", "She")]),
    ("variant_made_clear", "She made clear that the deal was over.",
     [Expect(LV, ("the deal was over",), "made clear", "She")]),
    ("took_issue", "The senator took issue with the new tax.",
     [Expect(LV, ("the new tax",), "took issue", "The senator")]),
    ("neg_took_bus", "The senator took the bus with her aides.", []),
]

ADJECTIVES = [
    ("confident_that", "He was confident that the party would win.",
     [Expect(AC, ("the party would win",), "confident", "He")]),
    ("learned_critical", "The governor was critical of the plan.",
     [Expect(AC, ("the plan",), "critical", "The governor")]),
    # a participle after "be" that the tagger takes for a passive verb reads the same way
    ("outraged_by", "Residents were outraged by the new fee.",
     [Expect(AC, ("the new fee",), "outraged", "Residents")]),
    ("neg_opened_by", "The gate was opened by the guard.", []),
    ("neg_happy", "He was happy.", []),
    # an expletive subject names no one: "it is clear that …" is the writer's own claim
    ("neg_clear_expletive", "It is clear that the river is rising.", []),
]


# Reporting clauses set off from their content, whatever the parser hung them on
# (attribution/reporting.py): an aside inside the content, a bare clause after it.
ASIDE = "parenthetical-clause"
FINAL = "final-reporting-clause"
REPORTING_ASIDES = [
    ("aside_rules_said", "The new rules, the minister said, will take effect in May.",
     [Expect("reporting-clause", ("The new rules", "will take effect in May"), "said",
             "the minister")]),
    ("variant_aside_relcl", "The new rules, the minister said, will take effect in May.",
     [Expect(ASIDE, ("The new rules", "will take effect in May"), "said", "the minister")]),
    ("final_figures_show", "Turnout fell in every county, new state figures show.",
     [Expect("reporting-clause", ("Turnout fell in every county",), "show",
             "new state figures")]),
    ("variant_final_show_root", "Turnout fell in every county, new state figures show.",
     [Expect(FINAL, ("Turnout fell in every county",), "show", "new state figures")]),
    # negative: a subordinate clause before the comma is no content
    ("neg_when_said_nothing", "When the vote ended, the senator said nothing.", []),
    # a relative clause before the comma is no content of "blasted", which has its own
    ("relative_then_blasted",
     "Christie, who campaigned for the governor in May, blasted the senator.",
     [Expect("object-content", ("the governor",), "campaigned", "who"),
      Expect("object-content", ("the senator",), "blasted", "Christie")]),
    # a pronoun as the reported passive subject; a verb outside the list gives nothing
    ("passive_he_criticized", "He was criticized for the delay.",
     [Expect("passive-subject", ("He", "the delay"), "criticized", None)]),
    ("neg_passive_driven", "They were driven to the airport.", []),
    # an -ing participle's source: the noun it modifies, or its head's subject, also when the
    # parser took the adverbial participle for a complement
    ("participle_backing", "The union backing the mayor called a strike.",
     [Expect("object-content", ("the mayor",), "backing", "The union")]),
    ("participle_citing", "The senator opposed the bill, citing its cost.",
     [Expect("object-content", ("the bill",), "opposed", "The senator"),
      Expect("object-content", ("its cost",), "citing", "The senator")]),
    # an adverbial clause hung on the verb as a complement is no content of its own either
    ("variant_after_clause_ccomp", "After the meeting ended, the mayor said she was tired.",
     [Expect(VC, ("she was tired",), "said", "the mayor")]),
    # a quantifier is a subject of its own ("most said", "many believe")
    ("most_voters_said", "Most of the voters said the plan was fair.",
     [Expect(VC, ("the plan was fair",), "said", "Most of the voters")]),
    # a piece of the subject hung on the verb as a clause is no content of its own
    ("variant_subject_clause",
     "A court document filed Thursday says that the charge was dropped.",
     [Expect(VC, ("the charge was dropped",), "says", "A court document")]),
    ("variant_participle_ccomp", "The senator opposed the bill, citing its cost.",
     [Expect("object-content", ("the bill",), "opposed", "The senator"),
      Expect("object-content", ("its cost",), "citing", "The senator")]),
    # … and when it hung the comma-set-off participle on a predicate noun as its modifier
    ("variant_sidelines_arguing",
     "Obama has been on the sidelines, arguing he did not want to intervene.",
     [Expect(VC, ("he did not want to intervene",), "arguing", "Obama"),
      Expect("control-complement", ("to intervene",), "want", "he", nested_in="a1")]),
]

# 12. Content edges (issue 12): where a content starts and ends, as PolNeAR marks it.
BOUNDARIES = [
    # only the first complementizer goes: "if" opens a condition inside the content
    ("said_that_if", "The mayor said that if it rains, the fair will close.",
     [Expect(VC, ("if it rains, the fair will close",), "said", "The mayor")]),
    ("warned_strike", "The union warned that a strike could begin on Monday.",
     [Expect(VC, ("a strike could begin on Monday",), "warned", "The union")]),
    # a final ", according to X" names a second source, not what was said
    ("according_tail", "The mayor said turnout rose, according to the city clerk.",
     [Expect("according-to", ("The mayor said turnout rose",), "according to",
             "the city clerk"),
      Expect(VC, ("turnout rose",), "said", "The mayor", nested_in="a1")]),
    # a relative clause set off by a comma at the end comments on the last noun …
    ("said_plan_which", "The mayor said the council adopted the plan, which cuts taxes.",
     [Expect(VC, ("the council adopted the plan",), "said", "The mayor")]),
    # … one without a comma restricts it, and one inside the content stays there
    ("said_plan_that", "The mayor said the council adopted the plan that cuts taxes.",
     [Expect(VC, ("the council adopted the plan that cuts taxes",), "said", "The mayor")]),
    ("said_plan_which_will", "The mayor said the plan, which cuts taxes, will pass.",
     [Expect(VC, ("the plan, which cuts taxes, will pass",), "said", "The mayor")]),
    # … but when a clause follows it, it is inside the content
    ("according_inside", "The mayor said that, according to the clerk, turnout rose.",
     [Expect(VC, ("according to the clerk, turnout rose",), "said", "The mayor"),
      Expect("according-to", ("turnout rose",), "according to", "the clerk",
             nested_in="a1")]),
    # a subjectless speech verb after the content is the speaker's next report, also when
    # the parser hung it on the content's head (and would give it the content's subject)
    ("variant_said_called", "The senator said the bill was flawed and called it a giveaway.",
     [Expect(VC, ("the bill was flawed",), "said", "The senator"),
      Expect("object-content", ("it a giveaway",), "called", "The senator")]),
    # … an aspectual verb is no next report: it stays in the content
    ("said_rise_begin", "Analysts said costs will rise and begin exceeding the cap.",
     [Expect(VC, ("costs will rise and begin exceeding the cap",), "said", "Analysts")]),
    # a clause or predicate the parser conjoined to the cue verb, right after its complement
    # with no comma, continues the content; after a comma it is the narrator's
    ("variant_said_and_clause", "The mayor said the tax will rise and the city must act.",
     [Expect(VC, ("the tax will rise and the city must act",), "said", "The mayor")]),
    ("variant_said_and_predicate",
     "The mayor said the polls were wrong and have been unreliable.",
     [Expect(VC, ("the polls were wrong and have been unreliable",), "said", "The mayor")]),
    ("said_comma_and_clause", "The mayor said the tax will rise, and the crowd cheered.",
     [Expect(VC, ("the tax will rise",), "said", "The mayor")]),
]


ALL_ROWS = (VERB_COMPLEMENT + REPORTING_CLAUSE + PREPOSITIONAL + QUOTE_MARKS + CONTEXT + COLON
            + BROKEN + NESTED + PASSIVE + OBJECTS + RELATIVE + RELATIVE_CONTENT + QUOTE_THEN_CUE
            + PARSER_REPAIRS + LABELS + DASH + INNER_CUE + SOURCELESS + IMPERSONAL + NOUNS
            + LIGHT_VERBS + ADJECTIVES + REPORTING_ASIDES + BOUNDARIES + FRAME)


def _ids(rows: list) -> list[str]:
    return [row.id if hasattr(row, "id") else row[0] for row in rows]


@pytest.mark.parametrize(("fixture", "text", "expected"), VERB_COMPLEMENT,
                         ids=_ids(VERB_COMPLEMENT))
def test_verb_complement(fixture: str, text: str, expected: list[Expect]) -> None:
    """A speech, writing, finding or belief verb reports its clausal complement; verbs of
    eating, travelling or agreeing to act report nothing."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), NOUNS, ids=_ids(NOUNS))
def test_cue_noun_and_its_clause(fixture: str, text: str, expected: list[Expect]) -> None:
    """A cue noun reports its "that" clause, with its possessor or the subject of the light
    verb it is the object of as the source; a relative clause or a sourceless noun does not."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), LIGHT_VERBS, ids=_ids(LIGHT_VERBS))
def test_light_verb(fixture: str, text: str, expected: list[Expect]) -> None:
    """A light verb and its word ("made clear", "took issue") report the clause or the phrase
    the lexicon lists, wherever the parser hangs it; the same verb with another object does
    not."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), ADJECTIVES, ids=_ids(ADJECTIVES))
def test_adjective_of_stance(fixture: str, text: str, expected: list[Expect]) -> None:
    """An adjective of stance or certainty predicated of its source reports its clause or its
    listed phrase; one with nothing after it, or with an expletive subject, reports nothing."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), INNER_CUE, ids=_ids(INNER_CUE))
def test_cue_inside_quote(fixture: str, text: str, expected: list[Expect]) -> None:
    """A cue inside a quote nests under the quote's own attribution, one speaker for both."""
    result = run(fixture, text)
    assert [summary(a) for a in result.attributions] == expected
    assert len({a.speaker.entity for a in result.attributions}) == 1


@pytest.mark.parametrize(("fixture", "text", "expected"), FRAME, ids=_ids(FRAME))
def test_framing_clause(fixture: str, text: str, expected: list[Expect]) -> None:
    """A cue-less quote inside a clause of its sentence ("“…,” X notes", "X shot back, “…”")
    takes that clause's subject as its speaker; a bare quote takes the paragraph's."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


PARTICIPLE_OBJECT = [
    # "said" hung on the quote, and "emphasizing" taken for its complement: the quote's source
    # is Okafor, never the participle's object
    ("variant_said_emphasizing",
     "“It may be fun, but it changes nothing for you,” Okafor said, emphasizing the last three "
     "words.", "Okafor"),
]


@pytest.mark.parametrize(("fixture", "text", "speaker"), PARTICIPLE_OBJECT,
                         ids=_ids(PARTICIPLE_OBJECT))
def test_participle_object_is_no_speaker(fixture: str, text: str, speaker: str) -> None:
    """The object after "…, emphasizing" is what is emphasized, not an inverted subject."""
    quoted = next(a for a in run(fixture, text).attributions if a.type.value == "direct")
    assert quoted.speaker is not None and quoted.speaker.span.text == speaker


@pytest.mark.parametrize(("fixture", "text", "expected"), DASH, ids=_ids(DASH))
def test_dash_credit(fixture: str, text: str, expected: list[Expect]) -> None:
    """ "“…” ― Name": the name after the dash is the quote's speaker."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), LABELS, ids=_ids(LABELS))
def test_transcript_labels(fixture: str, text: str, expected: list[Expect]) -> None:
    """A transcript's speaker labels attribute their paragraphs; one speaker, one entity."""
    result = run(fixture, text)
    assert [summary(a) for a in result.attributions] == expected
    for speaker in result.speakers:
        assert len({(m.start, m.end) for m in speaker.mentions}) == len(speaker.mentions)
    by_name = {a.speaker.span.text: a.speaker.entity for a in result.attributions if a.speaker}
    assert len(set(by_name.values())) == len(by_name)


def test_it_stands_for_the_document_before_it() -> None:
    """ "The inspectors' report is blunt. It says …": the speaker "It" is the report."""
    result = run("report_it_says",
                 "The inspectors' report is blunt. It says the dam was never safe.")
    [speaker] = result.speakers
    assert (speaker.name, speaker.kind.value) == ("The inspectors' report", "media/document")
    assert [m.text for m in speaker.mentions] == ["The inspectors' report", "It"]


@pytest.mark.parametrize(("fixture", "text", "expected"), PARSER_REPAIRS,
                         ids=_ids(PARSER_REPAIRS))
def test_parser_repairs(fixture: str, text: str, expected: list[Expect]) -> None:
    """Content and source survive the parser's common errors around reported speech."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), SOURCELESS, ids=_ids(SOURCELESS))
def test_sourceless_contents(fixture: str, text: str, expected: list[Expect]) -> None:
    """ "X is expected to …", "X appears to …": subject and infinitive are the content, and no
    source is named; a passive's subject is the content, its agent the source."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), IMPERSONAL, ids=_ids(IMPERSONAL))
def test_impersonal_contents(fixture: str, text: str, expected: list[Expect]) -> None:
    """A hearsay adverb, an existential cue noun, an impersonal "it appears" and a subjectless
    "Asked whether …" report with no source; the same words in a noun phrase, with no cue
    noun or with no clause report nothing."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), BOUNDARIES, ids=_ids(BOUNDARIES))
def test_content_boundaries(fixture: str, text: str, expected: list[Expect]) -> None:
    """A content keeps a condition's "if" and leaves out a final "according to X" and a final
    relative clause set off by a comma."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), OBJECTS, ids=_ids(OBJECTS))
def test_object_content(fixture: str, text: str, expected: list[Expect]) -> None:
    """A denial, criticism or call names its content as an object or a "for" phrase; the
    preposition stays out of the content; calling someone over is no attribution."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), QUOTE_THEN_CUE,
                         ids=_ids(QUOTE_THEN_CUE))
def test_quote_then_reporting_clause(fixture: str, text: str, expected: list[Expect]) -> None:
    """ "“…,” X said." names X even when the parser hung X inside the quote's clause."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), RELATIVE_CONTENT,
                         ids=_ids(RELATIVE_CONTENT))
def test_relative_pronoun_content(fixture: str, text: str, expected: list[Expect]) -> None:
    """ "the victory, which the senator conceded": a cue verb heading a relative clause reports
    its relative pronoun, and what it says of it after the verb; a verb that reports nothing
    gives nothing."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), RELATIVE, ids=_ids(RELATIVE))
def test_relative_pronoun_source(fixture: str, text: str, expected: list[Expect]) -> None:
    """ "The senator, who said …": the source is "who" as written, and its speaker entity is
    the senator."""
    result = run(fixture, text)
    assert [summary(a) for a in result.attributions] == expected
    speaker = next(s for s in result.speakers if s.id == result.attributions[0].speaker.entity)
    assert speaker.name == "The senator"
    assert [m.text for m in speaker.mentions] == ["The senator", "who"]


@pytest.mark.parametrize(("fixture", "text", "expected"), REPORTING_CLAUSE,
                         ids=_ids(REPORTING_CLAUSE))
def test_reporting_clause(fixture: str, text: str, expected: list[Expect]) -> None:
    """A reporting clause after the content ("…, X said", "…, said X") or inside it
    ("“…,” she said, “…”") gives one attribution, in as many pieces as the clause cuts."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), PREPOSITIONAL, ids=_ids(PREPOSITIONAL))
def test_prepositional_source(fixture: str, text: str, expected: list[Expect]) -> None:
    """ "According to X", "in the words of X" and "as X put it" name X as the source of the
    rest of the clause, on either side; "according to plan" names no source."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), QUOTE_MARKS, ids=_ids(QUOTE_MARKS))
def test_quote_marks(fixture: str, text: str, expected: list[Expect]) -> None:
    """Quoted content keeps its marks in every style, survives wrong-way and missing closing
    marks, nests; apostrophes and short scare quotes are not quotes of anyone."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), CONTEXT, ids=_ids(CONTEXT))
def test_context(fixture: str, text: str, expected: list[Expect]) -> None:
    """A quote with no cue takes the speaker of the attribution in the same or previous
    paragraph, else none; a quote continued across a sentence or paragraph stays one."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), COLON, ids=_ids(COLON))
def test_colon_introduction(fixture: str, text: str, expected: list[Expect]) -> None:
    """A clause ending in a colon introduces the quote after it; its subject is the speaker
    and nothing in it is an addressee unless the verb takes one; a name set off by a dash
    right before the colon credits the quote."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), BROKEN, ids=_ids(BROKEN))
def test_broken_sentence(fixture: str, text: str, expected: list[Expect]) -> None:
    """A sentence that is only "said the spokesman of …" attributes the sentence before it;
    a short sentence that reports that nothing was said does not."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), NESTED, ids=_ids(NESTED))
def test_nested(fixture: str, text: str, expected: list[Expect]) -> None:
    """An attribution inside another's content is its own record, with its own speaker and
    addressee, and ``nested_in`` the outer one."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), REPORTING_ASIDES,
                         ids=_ids(REPORTING_ASIDES))
def test_reporting_asides(fixture: str, text: str, expected: list[Expect]) -> None:
    """An aside ("C1, X said, C2") or a bare final clause ("C, X said") finds the content on
    both sides of the cue, however the parser attached the clause; passive subjects and
    participles find what they report and its source."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


@pytest.mark.parametrize(("fixture", "text", "expected"), PASSIVE, ids=_ids(PASSIVE))
def test_passive_and_impersonal(fixture: str, text: str, expected: list[Expect]) -> None:
    """ "X was told by Y that …": speaker Y, addressee X; a passive with no agent or an
    impersonal "it was announced" has no speaker, never a guess."""
    assert [summary(a) for a in run(fixture, text).attributions] == expected


class Speakers(NamedTuple):
    """Expected speaker resolution: attributions sharing one entity, and that entity."""

    same: tuple[str, ...]
    name: str
    kind: str
    anonymous: bool


# 10. Speaker resolution across the document.
RESOLUTION = [
    ("doc_pronoun",
     "Defence Minister Karin Holt visited the base on Monday. She said the army needed more "
     "helicopters. Holt later told reporters that the order would be signed soon.",
     Speakers(("a1", "a2"), "Karin Holt", "person", False)),
    ("doc_title",
     "Peter Varga, the head of the port authority, said the strike was illegal. Mr. Varga "
     "added that talks would resume on Friday.",
     Speakers(("a1", "a2"), "Peter Varga", "person", False)),
    # "the envoy" later is the person an apposition named so (the first clause also survives
    # the parser's taking "that the talks had stalled" for a relative clause on "reporters")
    ("variant_told_relative",
     "Maria Reyes, the envoy, told reporters that the talks had stalled. The envoy said she "
     "would return on Monday.",
     Speakers(("a1", "a2"), "Maria Reyes", "person", False)),
    ("said_bridge", "Mayor Lena Okafor said the bridge would reopen in May.",
     Speakers(("a1",), "Lena Okafor", "person", False)),
    ("doc_they",
     "The Harbour Workers Union rejected the offer on Friday. They said the raise was too small.",
     Speakers(("a1",), "Harbour Workers Union", "organization", False)),
    ("doc_anonymous",
     "A senior official said the deal was close. “We are nearly there,” the official added.",
     Speakers(("a1", "a2"), "A senior official", "person", True)),
    ("doc_aide",
     "According to an aide to the governor, the vote had been “a close call”. “We nearly lost "
     "it,” he admitted.",
     Speakers(("a1", "a2"), "an aide to the governor", "person", True)),
    ("doc_first_person", "“I think the vote was fair,” Okafor said.",
     Speakers(("a1", "a2"), "Okafor", "person", False)),
    ("doc_context", "Reyes said the harbour would be dredged this summer. “It is long overdue.”",
     Speakers(("a1", "a2"), "Reyes", "person", False)),
    ("doc_multipara",
     "Ines Duarte, the harbour master, described the damage on Friday.\n"
     "“The storm broke two moorings and sank a trawler,” she said. “Three boats are still "
     "missing.\n“We will need a month to repair the quay.”",
     Speakers(("a1", "a2"), "Ines Duarte", "person", False)),
    ("doc_gender",
          "Ms. Weiss met Mr. Berg on Monday. He said the deal was fair.",
          Speakers(("a1",), "Berg", "person", False)),
    ("doc_latter", "Okafor met Reyes on Tuesday. The latter said the talks had gone well.",
          Speakers(("a1",), "Reyes", "person", False)),
    ("variant_latter_noun",
          "Okafor met Reyes on Tuesday. The latter said the talks had gone well.",
          Speakers(("a1",), "Reyes", "person", False)),
]


def _entity(result: Result, attribution_id: str) -> str | None:
    record = next(a for a in result.attributions if a.id == attribution_id)
    return record.speaker.entity if record.speaker else None


@pytest.mark.parametrize(("fixture", "text", "expected"), RESOLUTION, ids=_ids(RESOLUTION))
def test_speaker_resolution(fixture: str, text: str, expected: Speakers) -> None:
    """Pronouns, surnames, titles, "I" in a quote, "the latter" and definite descriptions
    join the speaker they stand for; the speaker carries its fullest name, kind and whether
    it is ever named."""
    result = run(fixture, text)
    entities = {_entity(result, a) for a in expected.same}
    assert len(entities) == 1 and None not in entities
    speaker = next(s for s in result.speakers if s.id in entities)
    assert (speaker.name, speaker.kind.value, speaker.anonymous) == expected[1:]
    assert set(expected.same) <= set(speaker.attributions)


class Named(NamedTuple):
    """Expected speaker of the last attribution: its name, mentions as written, anonymity."""

    name: str
    mentions: tuple[str, ...]
    anonymous: bool


# An apposition or a title that names the person gives the speaker its name, and a later
# "the envoy" / "the mayor" joins it; a description the name never had does not.
APPOSITION = [
    # the parser split "Reyes, the envoy," into two subjects of "told"
    ("variant_split_apposition",
     "Reyes, the envoy, told reporters that the talks had stalled. The envoy said she would "
     "return on Monday.",
     Named("Reyes", ("Reyes, the envoy", "The envoy"), False)),
    ("doc_apposition_second",
     "The envoy, Ana Reyes, met the rebels on Monday. The envoy said the talks had stalled.",
     Named("Ana Reyes", ("Ana Reyes", "The envoy"), False)),
    ("doc_title_description",
     "Mayor Lena Okafor visited the port on Monday. The mayor said the docks would be rebuilt.",
     Named("Lena Okafor", ("Lena Okafor", "The mayor"), False)),
    ("doc_apposition_other",
     "The envoy, Ana Reyes, met the rebels on Monday. The minister said the talks had stalled.",
     Named("The minister", ("The minister",), False)),
]


@pytest.mark.parametrize(("fixture", "text", "expected"), APPOSITION, ids=_ids(APPOSITION))
def test_apposition_names_the_speaker(fixture: str, text: str, expected: Named) -> None:
    """The speaker of the last attribution carries the proper name its apposition or title
    gave it, with every mention once, as written."""
    result = run(fixture, text)
    entity = result.attributions[-1].speaker.entity
    speaker = next(s for s in result.speakers if s.id == entity)
    assert (speaker.name, tuple(m.text for m in speaker.mentions), speaker.anonymous) == expected


DISTINCT = [
    ("nested_informed",
     "The spokesman said Reyes had informed Okafor that the port would close.", ("a1", "a2")),
    ("nested_quote", "“My father always said ‘keep your word’, and I did,” Reyes recalled.",
     ("a1", "a2")),
    ("nested_according",
     "According to the report, the minister believes the reform will fail.", ("a1", "a2")),
]


@pytest.mark.parametrize(("fixture", "text", "pair"), DISTINCT, ids=_ids(DISTINCT))
def test_distinct_speakers(fixture: str, text: str, pair: tuple[str, str]) -> None:
    """The outer and the inner speaker of a nested attribution are different entities."""
    result = run(fixture, text)
    first, second = (_entity(result, a) for a in pair)
    assert first is not None and second is not None and first != second


CONLLU_COLUMNS = 10
UD_RELATIONS = frozenset({
    "acl", "advcl", "advmod", "amod", "appos", "aux", "case", "cc", "ccomp", "clf", "compound",
    "conj", "cop", "csubj", "dep", "det", "discourse", "dislocated", "expl", "fixed", "flat",
    "goeswith", "iobj", "list", "mark", "nmod", "nsubj", "nummod", "obj", "obl", "orphan",
    "parataxis", "punct", "reparandum", "root", "vocative", "xcomp"})
FINITE_XPOS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _sentences(conllu: str) -> list[tuple[str, list[list[str]]]]:
    blocks = [b for b in conllu.strip().split("\n\n") if b.strip()]
    found = []
    for block in blocks:
        lines = block.split("\n")
        text = next(line[len("# text = "):] for line in lines if line.startswith("# text = "))
        rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
        found.append((text, [r for r in rows if r[0].isdigit()]))
        assert all(len(r) == CONLLU_COLUMNS for r in rows)
    return found


def _problems(rows: list[list[str]]) -> list[str]:
    """What is wrong with one sentence of CoNLL-U (empty when it is well formed)."""
    problems = []
    heads = [int(r[6]) for r in rows]
    if [int(r[0]) for r in rows] != list(range(1, len(rows) + 1)) or heads.count(0) != 1:
        problems.append("ids or root")
    for number, row in enumerate(rows, 1):
        seen, current = set(), number
        while current and current not in seen and 0 <= current <= len(rows):
            seen.add(current)
            current = heads[current - 1] if 0 < current <= len(rows) else 0
        if current:
            problems.append(f"cycle or bad head at {number}")
        if row[7].split(":")[0] not in UD_RELATIONS:
            problems.append(f"relation {row[7]}")
        if row[4] in FINITE_XPOS and "VerbForm=Fin" not in row[5]:
            problems.append(f"{row[1]} lacks VerbForm=Fin")
        if row[4] in ("NNS", "NNPS") and "Number=Plur" not in row[5]:
            problems.append(f"{row[1]} lacks Number=Plur")
        if row[4] in ("PRP", "PRP$") and "PronType=Prs" not in row[5]:
            problems.append(f"{row[1]} lacks PronType=Prs")
    return problems


ROW_TEXTS = [(row.values[0], row.values[1]) if hasattr(row, "values") else (row[0], row[1])
             for row in ALL_ROWS + RESOLUTION + DISTINCT + APPOSITION + PARTICIPLE_OBJECT]


@pytest.mark.parametrize(("fixture", "text"), ROW_TEXTS, ids=[f for f, _ in ROW_TEXTS])
def test_fixture_matches_row_text(fixture: str, text: str) -> None:
    """The fixture's ``# text`` lines are the row's text cut at sentence boundaries (only
    whitespace between them), and its sentences are well-formed UD trees."""
    sentences = _sentences((FIXTURES / f"{fixture}.conllu").read_text(encoding="utf-8"))
    rebuilt = re.split(r"\s+", text)
    assert re.split(r"\s+", " ".join(t for t, _ in sentences)) == rebuilt
    cursor = 0
    for sentence_text, rows in sentences:
        start = text.index(sentence_text, cursor)
        assert not text[cursor:start].strip()
        cursor = start + len(sentence_text)
        assert _problems(rows) == []


def test_every_fixture_is_used() -> None:
    """Every CoNLL-U fixture on disk is read by at least one table row."""
    used = {fixture for fixture, _ in ROW_TEXTS}
    assert {path.stem for path in FIXTURES.glob("*.conllu")} <= used
