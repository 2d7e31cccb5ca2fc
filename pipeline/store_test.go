package pipeline

import "github.com/pairstat/pairstat/queries"

// The database is a Store.
var _ Store = (*queries.DB)(nil)
