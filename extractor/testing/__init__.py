"""Test doubles for people who test their pipelines against extractor: `python -m extractor.testing.mock_server`
runs a fault-injecting OpenAI-compatible server (chat completions and the Batch API) on loopback."""
