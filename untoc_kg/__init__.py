"""untoc-kg: a linked-data knowledge graph of the UNTOC Conference of the Parties."""

__version__ = "0.1.0"
