"""The files app's pure rules (no Django): what a file is, read from its bytes, and what its name may be."""
