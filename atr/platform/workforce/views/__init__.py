"""The workforce app's pages, one module per part (training, self-assessment, wellbeing, system)."""
