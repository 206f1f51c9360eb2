"""What the embedded model's questions cost against the token floor (issue 24): for each article, the prompt tokens
the server reports (a reused prefix counted again, as servers bill it), the tokens of the questions' own turns, the
answer's tokens and the seconds, beside

- the article's tokens (the model's own tokenizer) and the prefix (instructions and worked examples) read once;
- the floor: the article's tokens at the measured prompt rate plus the answer's tokens at the measured generation
  rate (both measured in this run, on this server), and the prefix once per run at the prompt rate.

Run it on an idle machine: two threads of llama.cpp slow down many times over when other work shares the cores.

    .venv/bin/python bench/token_floor.py [--articles examples/odesa-overnight-attack.txt,…]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import openai
from llama_cpp import Llama

from extractor import Extractor
from extractor.conversation import Article
from extractor.model.local_model import MODEL_NAME, model_path
from extractor.model.prompting import label_messages
from extractor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ",".join(str(p) for p in sorted((ROOT / "examples").glob("*.txt")))


def rates(client: openai.OpenAI, tokens) -> tuple[float, float]:
    """Prompt and generation tokens a second: a prompt of fresh words (no cached prefix) answered with one token,
    then a short prompt answered with 96."""
    words = " ".join(f"w{i}" for i in range(600))
    prompt = len(tokens(words))
    started = time.perf_counter()
    client.chat.completions.create(model=MODEL_NAME, messages=[{"role": "user", "content": words}], max_tokens=1)
    prompt_rate = prompt / (time.perf_counter() - started)
    started = time.perf_counter()
    answer = client.chat.completions.create(model=MODEL_NAME, max_tokens=96, temperature=0.0, messages=[
        {"role": "user", "content": "Count from one to two hundred in words, comma separated."}])
    seconds = time.perf_counter() - started - answer.usage.prompt_tokens / prompt_rate
    return prompt_rate, answer.usage.completion_tokens / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default=EXAMPLES, help="comma-separated article files")
    args = parser.parse_args()
    vocab = Llama(model_path=str(model_path()), vocab_only=True, verbose=False)

    def tokens(text: str) -> list[int]:
        return vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False)

    with Extractor(Settings(), cache=False) as extractor:
        extractor.backend.client("json")  # starts the embedded server
        client = openai.OpenAI(base_url=extractor.backend._base_url, api_key="not-needed")
        prompt_rate, output_rate = rates(client, tokens)
        asks = extractor.asks()  # what the calibration lets the model decide beside the label
        prefix = sum(len(tokens(turn["content"])) for turn in label_messages("", [], asks)[:-1])
        print(f"measured: prompt {prompt_rate:.1f} tokens/s, generation {output_rate:.1f} tokens/s; prefix about "
              f"{prefix:,} tokens (its turns' words; the chat template and the answer's schema add a little); "
              f"asked: the label{''.join(f', {a}' for a in asks)} ({extractor.policy})")
        print("| article | article tokens | questions | prompt tokens (reported) | own turns' tokens | answer tokens "
              "| seconds | floor s | reported / (article + prefix) | seconds / floor |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for i, path in enumerate(args.articles.split(",")):
            text = Path(path).read_text(encoding="utf-8")
            started = time.perf_counter()
            talk = extractor.conversation(Article(Path(path).stem, text))
            asked = own = 0
            while talk.question is not None:
                asked += 1
                own += len(tokens(talk.question.messages[-1]["content"]))
                talk.answer(extractor.backend.complete(*talk.question.request))
            seconds = time.perf_counter() - started
            usage, article = talk.result.usage, len(tokens(text))
            floor = article / prompt_rate + usage.completion_tokens / output_rate + (prefix / prompt_rate if i == 0
                                                                                      else 0.0)
            print(f"| {Path(path).stem} | {article:,} | {asked} | {usage.prompt_tokens:,} | {own:,} | "
                  f"{usage.completion_tokens} | {seconds:.1f} | {floor:.1f} | "
                  f"{usage.prompt_tokens / (article + prefix):.2f} | {seconds / floor:.2f} |")
    print("(the first article's floor includes reading the prefix once; the server reuses it for the rest)")


if __name__ == "__main__":
    main()
