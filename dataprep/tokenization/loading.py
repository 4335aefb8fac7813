"""Loading tokenizers once per process, and finding their special tokens.

A tokenizer is named by what the config says: a ``tokenizer.json``, a directory with one, or a
HuggingFace hub name (looked up in the local cache first).
"""

from __future__ import annotations

import json
import logging
import os

from tokenizers import Tokenizer

from dataprep.errors import ConfigError

# Names the common tokenizer families use for their end- and start-of-document tokens, in order
# of preference: GPT-2/RoBERTa style, SentencePiece (Llama 2, T5), Llama 3, Gemma, BERT.
EOS_CANDIDATES = ("<|endoftext|>", "</s>", "<|end_of_text|>", "<eos>", "[SEP]")
BOS_CANDIDATES = ("<s>", "<|begin_of_text|>", "<bos>", "[CLS]")

# One tokenizer per process (per Ray worker), keyed by what the config said, resolved.
_CACHE: dict[str, Tokenizer] = {}


def cache_key(name: str) -> str:
    return os.path.abspath(name) if os.path.exists(name) else name


def load_tokenizer(name: str) -> Tokenizer:
    """Load a tokenizer once per process: a ``tokenizer.json``, a directory with one, a hub name.

    A hub name is looked up in the local HuggingFace cache first and fetched only when that
    misses, so an offline machine with a warm cache works and a cold one fails with one line.
    """
    key = cache_key(name)
    if key not in _CACHE:
        _CACHE[key] = _load_uncached(name)
    return _CACHE[key]


def _load_uncached(name: str) -> Tokenizer:
    path = os.path.join(name, "tokenizer.json") if os.path.isdir(name) else name
    if os.path.isdir(name) and not os.path.isfile(path):
        raise ConfigError(f"tokenizer '{name}': directory has no tokenizer.json")
    if os.path.isfile(path):
        try:
            return Tokenizer.from_file(path)
        except Exception as exc:  # the Rust side raises a bare Exception on a malformed file
            raise ConfigError(f"tokenizer '{path}': not a valid tokenizer.json ({exc})") from None
    if name.endswith(".json") or name.startswith((os.sep, "." + os.sep, ".." + os.sep)):
        raise ConfigError(f"tokenizer '{name}': no such file or directory")
    return Tokenizer.from_file(_hub_file(name, "tokenizer.json"))


def _hub_file(repo: str, filename: str) -> str:
    """Path of ``filename`` of hub repo ``repo`` in the local cache, downloading it if needed."""
    from huggingface_hub import hf_hub_download  # a dependency of `tokenizers`

    try:
        return hf_hub_download(repo, filename, local_files_only=True)
    except Exception:
        pass
    # The hub client logs every retry of an unreachable host; the error below says it once.
    hub_logger = logging.getLogger("huggingface_hub")
    level = hub_logger.level
    hub_logger.setLevel(logging.CRITICAL)
    try:
        return hf_hub_download(repo, filename)
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(
            f"tokenizer '{repo}': not a local file or directory, and not in the HuggingFace cache "
            f"nor downloadable from the hub (offline?): {reason}"
        ) from None
    finally:
        hub_logger.setLevel(level)


def configured_special(name: str, key: str) -> str | None:
    """``eos_token``/``bos_token`` from a tokenizer directory's ``tokenizer_config.json``."""
    config_path = os.path.join(name, "tokenizer_config.json")
    if not os.path.isfile(config_path):
        return None
    with open(config_path, encoding="utf-8") as f:
        value = json.load(f).get(key)
    # transformers stores either the string or an AddedToken dict.
    return value.get("content") if isinstance(value, dict) else value


def special_token_id(
    tokenizer: Tokenizer, token: str | None, candidates: tuple[str, ...], what: str
) -> int:
    """Id of ``token``, or of the first of ``candidates`` the vocabulary has when it is None."""
    for candidate in (token,) if token is not None else candidates:
        token_id = tokenizer.token_to_id(candidate)
        if token_id is not None:
            return token_id
    if token is not None:
        raise ConfigError(f"tokenize: {what} '{token}' is not in the tokenizer's vocabulary")
    raise ConfigError(
        f"tokenize: the tokenizer has none of {', '.join(candidates)}; set {what} explicitly"
    )

