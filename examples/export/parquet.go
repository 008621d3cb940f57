package main

import (
	"io"

	dparquet "github.com/deidkit/deidkit/deid/parquet"
)

func newParquetSink(out io.Writer) io.WriteCloser {
	return dparquet.NewWriter(out, dparquet.Options{})
}
