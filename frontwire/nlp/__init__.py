"""NLP backbone: sentences, tokens and general named entities from spaCy."""
