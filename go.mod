module github.com/deidkit/deidkit

go 1.26.0

require (
	github.com/leanovate/gopter v0.2.11
	github.com/tink-crypto/tink-go/v2 v2.9.0
	google.golang.org/protobuf v1.36.11
)

require (
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
)
