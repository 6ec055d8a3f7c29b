"""Readers for inputs that hold many articles or describe them: web archives, news-database
exports, metadata manifests."""
