// Parley.Core: the scenario model, its YAML/JSON format, validation and utility evaluation.
// It depends on no engine, CLI or web project.
