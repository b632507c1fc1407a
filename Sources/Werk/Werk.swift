// Werk: the sans-IO core.
