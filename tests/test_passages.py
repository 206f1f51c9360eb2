"""One question per passage: the counts of a paragraph marked ⟦1⟧…⟦n⟧ and answered as one object, after one
shared prefix; a mark the answer skips is asked again once, then left to code (no HTTP here: the conversation is
driven with parsed answers, as any engine drives it)."""

import datetime as dt
import json

from extractor.conversation import Article
from extractor.model.backend import Completion
from extractor.model.prompting import label_messages
from extractor.pipeline import Extractor
from extractor.reading.article import ReadArticle
from extractor.reading.reading import _MARKS, _PASSAGE, marked_passages, read_counts
from extractor.schemas import Attempts, MarkedLabels, Usage, by_mark, marked
from extractor.settings import Settings

REPORT = ("Overnight the army fired 30 rockets at the port, the navy said. Air defence shot down 22 of them.\n"
          "In the town, 4 people were killed and 9 were wounded, the mayor said.")


def test_short_paragraphs_are_one_passage_with_their_counts_marked_in_order():
    read = ReadArticle(REPORT)
    found = read_counts(read)
    [(indices, passage)] = marked_passages(read, found, list(range(len(found))))
    assert indices == (0, 1, 2, 3)
    first, second = passage.split("\n")  # the paragraphs stay apart
    assert "fired ⟦1⟧30 rockets" in first and "shot down ⟦2⟧22 of them" in first
    assert second == "In the town, ⟦3⟧4 people were killed and ⟦4⟧9 were wounded, the mayor said."


def test_a_long_paragraph_is_read_in_windows_of_its_sentences():
    sentence = "Shelling near the river destroyed {} homes and left families without water for a week. "
    text = "".join(sentence.format(n) for n in range(11, 41))  # one paragraph of 30 counts, 2,600 characters
    read = ReadArticle(text)
    found = read_counts(read)
    passages = marked_passages(read, found, list(range(len(found))))
    assert [i for indices, _ in passages for i in indices] == list(range(len(found)))  # each count once, in order
    assert len(passages) > 1 and all(len(indices) <= _MARKS for indices, _ in passages)
    assert all(len(passage) <= _PASSAGE + 200 for _, passage in passages)


def test_every_question_shares_one_prefix_and_one_answer_shape():
    """Only the last turn differs, and the answer model (whose schema a client writes into the instructions) is the
    same for every passage: the server reads the prefix once per run."""
    one = label_messages("A strike killed ⟦1⟧5 people.",
                         [dict(number="5", noun="people", sources=(), places=(), dates=())])
    two = label_messages("Guns fired ⟦1⟧8 shells at ⟦2⟧two towns.",
                         [dict(number="8", noun="shells", sources=("police",), places=("Kupiansk",),
                               dates=("on Monday",)),
                          dict(number="two", noun="towns", sources=(), places=(), dates=(), finding="a finding")])
    assert one[:-1] == two[:-1] and one[-1] != two[-1]
    assert "⟦2⟧ two towns (a checker found: a finding). Who says so? none. Where? none. When? none." \
        in two[-1]["content"]
    assert "A) police" in two[-1]["content"] and "A) Kupiansk" in two[-1]["content"]
    assert "When? A) on Monday" in two[-1]["content"]
    extractor = Extractor(Settings(base_url="http://127.0.0.1:9/v1", model="m"), cache=False)
    extractor.ask_all = True
    plan = extractor.plan(Article("a", REPORT, dt.date(2025, 5, 1)))
    assert {q.response_model for q in plan.questions} == {MarkedLabels}
    assert [q.indices for q in plan.questions] == [(0, 1, 2, 3)]


def test_each_mark_is_held_to_its_own_options():
    shape = marked(((("killed", "injured", "other"), False, 1, 0), (("launched", "other"), False, 0, 0)))
    schema = shape.model_json_schema()
    assert schema["required"] == ["1", "2"] and schema["additionalProperties"] is False  # decoded: none skipped
    said = MarkedLabels.model_validate({"1": {"label": "killed", "source": "A", "place": "none"},
                                        "2": {"label": "killed", "source": "none", "place": "none"}})
    first, second = by_mark(said, shape)
    assert first.label == "killed" and first.source == "A"
    assert second is None  # weapons cannot be killed: as if skipped
    assert by_mark(MarkedLabels.model_validate({}), shape) == [None, None]


def _answer(question, labels: dict[int, str]) -> Completion:
    """A parsed answer labelling the marks given (by count index) and skipping the others."""
    said = {str(k): {"label": labels[i], "source": "none", "place": "none"}
            for k, i in enumerate(question.indices, start=1) if i in labels}
    return Completion(MarkedLabels.model_validate_json(json.dumps(said)), Usage(prompt_tokens=10), Attempts(requests=1))


def test_a_skipped_mark_is_asked_again_alone_once_then_code_decides_and_says_so():
    extractor = Extractor(Settings(base_url="http://127.0.0.1:9/v1", model="m"), cache=False)
    extractor.ask_all = True
    talk = extractor.conversation(Article("a", REPORT, dt.date(2025, 5, 1)))
    asked = []
    while talk.question is not None:
        question = talk.question
        asked.append(question.indices)
        talk.answer(_answer(question, {0: "launched", 2: "killed"}))  # counts 1 and 3 never answered
    assert asked == [(0, 1, 2, 3), (1, 3)]
    assert talk.result.attempts.requests == 2 and talk.result.usage.prompt_tokens == 20
    assert any("skipped 2 of the 4 counts" in warning for warning in talk.result.warnings)
    facts = {(f.role, f.value) for f in talk.result.facts}
    assert ("injured", 9) in facts  # code's reading decides the skipped one
