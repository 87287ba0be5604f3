package simulator

import "sort"

// IssuedTokens returns, sorted, the access tokens that the token endpoint
// issued and that have not been dropped, so that tests can look for them
// in logs and stored data. The store drops a token only after it expired
// and another token was issued, so with the default 24-hour lifetime every
// token that a short test run saw is returned.
func (s *Server) IssuedTokens() []string {
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	tokens := make([]string, 0, len(s.tokens.expiry))
	for token := range s.tokens.expiry {
		tokens = append(tokens, token)
	}
	sort.Strings(tokens)
	return tokens
}
