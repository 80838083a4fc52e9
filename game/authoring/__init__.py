"""Tools for scenario authors: starter files, graphs, exploration reports, readable diagnostics."""
