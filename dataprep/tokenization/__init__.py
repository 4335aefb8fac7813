"""Tokenization: the ``tokenize`` stage, tokenizer loading, and tokenizer training."""
