"""The differential tests' marker (registered here: the marker list in pyproject.toml is
shared)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "differential: our evaluator against iam-simulate (node, tests/differential)"
    )
