package release

// countedWriter counts what its Writer accepted, for the report of a
// release written through a Writer the field stage cannot write for
// itself.
type countedWriter struct {
	Writer
	took written
}

func (c *countedWriter) Write(fields [][]byte) error {
	if err := c.Writer.Write(fields); err != nil {
		return err
	}
	c.took.records++
	for _, f := range fields {
		c.took.bytes += int64(len(f))
	}
	return nil
}
