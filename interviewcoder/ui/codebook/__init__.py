"""The Codebook wing: the codebook dock, its model and dialogs."""
