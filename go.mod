module github.com/deidkit/deidkit

go 1.25.0

require (
	github.com/leanovate/gopter v0.2.11 // indirect
	github.com/tink-crypto/tink-go/v2 v2.9.0 // indirect
	golang.org/x/crypto v0.59.0 // indirect
)
