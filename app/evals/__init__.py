"""Evaluation harness: labelled suites, graders, runner and report writer (`stockelper eval`)."""
