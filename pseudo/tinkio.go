package pseudo

import (
	"fmt"

	"github.com/tink-crypto/tink-go/v2/keyset"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
)

// Keyset reading, writing and checking live in internal/keyio, shared with
// the insecurekeyset package; what follows changes keysets.

// addKey returns a copy of h with one fresh key from kt, promoted to primary
// when promote is set, and the new key's ID.
func addKey(h *keyset.Handle, kt *tinkpb.KeyTemplate, promote bool) (*keyset.Handle, uint32, error) {
	m := keyset.NewManagerFromHandle(h)
	id, err := m.Add(kt)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: add key: %w", ErrKeyset, err)
	}
	if promote {
		if err := m.SetPrimary(id); err != nil {
			return nil, 0, fmt.Errorf("%w: promote key: %w", ErrKeyset, err)
		}
	}
	nh, err := m.Handle()
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return nh, id, nil
}

// setPrimary returns a copy of h whose primary key is id.
func setPrimary(h *keyset.Handle, id uint32) (*keyset.Handle, error) {
	m := keyset.NewManagerFromHandle(h)
	if err := m.SetPrimary(id); err != nil {
		return nil, fmt.Errorf("%w: key %d: %w", ErrUnknownKey, id, err)
	}
	nh, err := m.Handle()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return nh, nil
}

// enabledKeys checks every enabled key of h with check and lists their
// IDs in keyset order, and the primary key's ID; a keyset whose primary is
// missing or not enabled is an error, since nothing new could be made with
// it.
func enabledKeys(h *keyset.Handle, check func(*keyset.Entry) error) (ids []uint32, primary uint32, err error) {
	havePrimary := false
	for i := 0; i < h.Len(); i++ {
		e, err := h.Entry(i)
		if err != nil {
			return nil, 0, fmt.Errorf("%w: %w", ErrKeyset, err)
		}
		if e.KeyStatus() != keyset.Enabled {
			continue
		}
		if err := check(e); err != nil {
			return nil, 0, err
		}
		ids = append(ids, e.KeyID())
		if e.IsPrimary() {
			primary, havePrimary = e.KeyID(), true
		}
	}
	if !havePrimary {
		return nil, 0, ErrNoPrimaryKey
	}
	return ids, primary, nil
}

// withoutKey returns a copy of h in which key id is disabled (delete
// false) or deleted (delete true). The primary key cannot go: promote
// another first.
func withoutKey(h *keyset.Handle, id uint32, del bool) (*keyset.Handle, error) {
	if p, err := h.Primary(); err == nil && p.KeyID() == id {
		return nil, fmt.Errorf("%w: key %d is the primary; promote another key first", ErrInvalidOption, id)
	}
	m := keyset.NewManagerFromHandle(h)
	var err error
	if del {
		err = m.Delete(id)
	} else {
		err = m.Disable(id)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: key %d: %w", ErrUnknownKey, id, err)
	}
	nh, err := m.Handle()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyset, err)
	}
	return nh, nil
}
