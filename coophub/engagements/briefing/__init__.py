"""Briefing packs: what the system knows about a partner before a meeting, as .docx and PDF, VI or EN."""
