package exportfile

import "encoding/json"

// WriteJSON writes v as indented JSON to the file at path (an Output:
// complete or not at all), or does nothing when path is empty. The
// programs' reports use it.
func WriteJSON(path string, v any) error {
	if path == "" {
		return nil
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	f, err := Create(path, nil)
	if err != nil {
		return err
	}
	defer f.Abort()
	f.W.Write(append(b, '\n'))
	return f.Commit()
}
