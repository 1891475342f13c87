"""The JSON API, personal API tokens, exports and combined policies."""
