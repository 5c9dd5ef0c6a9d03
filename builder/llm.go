package builder

// NewLLM returns the LLM planner (work in progress).
func NewLLM(cfg Config) (Planner, error) { return nil, ErrConfig }
