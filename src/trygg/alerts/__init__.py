"""Alerts that reach people: subscriptions, triggers from operations and warnings, e-mail and SMS delivery."""
