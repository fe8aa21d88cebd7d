"""The platform's ``workforce`` capability: training by practice level, self-assessment, wellbeing."""
