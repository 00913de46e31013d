"""The pure core: models, the programme as one value, quarters, timeline, rules, comparison."""
