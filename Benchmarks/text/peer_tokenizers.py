#!/usr/bin/env python3
"""Peer for `matlas bench text`: Hugging Face `tokenizers` byte-level BPE on the same corpus.

Run (the Swift benchmark calls it, once with --threads 1 --save, then with --threads N --load):
    /tmp/peers/bin/python Benchmarks/text/peer_tokenizers.py --corpus /tmp/matlas-text-corpus.txt \
        --vocabulary-size 8000 --min-frequency 2 --threads 1 [--save tok.json | --load tok.json]
Install:  /tmp/peers/bin/pip install tokenizers
The corpus (one text per line) comes from Scripts/text/make_text_corpus.py.

Pipeline: NFKC + lowercase normaliser, GPT-2 byte-level pre-tokeniser (regex split), BPE trainer
with the same special tokens and the 256-byte initial alphabet. Prints one JSON line.
"""
import argparse
import json
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="/tmp/matlas-text-corpus.txt")
    parser.add_argument("--vocabulary-size", type=int, default=8000)
    parser.add_argument("--min-frequency", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--save", help="write the trained tokenizer here")
    parser.add_argument("--load", help="skip training: load this tokenizer (from --save)")
    args = parser.parse_args()
    # Rayon reads this when the pool starts: set before the first parallel call.
    os.environ["RAYON_NUM_THREADS"] = str(args.threads)
    os.environ["TOKENIZERS_PARALLELISM"] = "true" if args.threads > 1 else "false"

    import tokenizers
    from tokenizers import Tokenizer

    with open(args.corpus, encoding="utf-8") as f:
        texts = [line.rstrip("\n") for line in f if line.strip()]

    if args.load:
        tokenizer = Tokenizer.from_file(args.load)
        train_seconds = None
    else:
        tokenizer, train_seconds = train(args, texts)
        if args.save:
            tokenizer.save(args.save)

    start = time.perf_counter()
    tokens = 0
    for text in texts:
        tokens += len(tokenizer.encode(text).ids)
    loop_seconds = time.perf_counter() - start

    start = time.perf_counter()
    batch = tokenizer.encode_batch(texts)
    batch_seconds = time.perf_counter() - start
    assert sum(len(e.ids) for e in batch) == tokens

    print(json.dumps({
        "tokenizers": tokenizers.__version__,
        "texts": len(texts),
        "threads": args.threads,
        "vocabulary_size": tokenizer.get_vocab_size(),
        "train_seconds": train_seconds,
        "encode_loop_texts_per_second": len(texts) / loop_seconds,
        "encode_batch_texts_per_second": len(texts) / batch_seconds,
        "tokens": tokens,
    }))


def train(args, texts):
    """A byte-level BPE like ours: NFKC + lowercase, GPT-2 pre-tokeniser, same specials and size."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=args.vocabulary_size,
        min_frequency=args.min_frequency,
        special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    start = time.perf_counter()
    tokenizer.train_from_iterator(texts, trainer=trainer)
    train_seconds = time.perf_counter() - start
    return tokenizer, train_seconds


if __name__ == "__main__":
    main()
