package kit

import "net/http"

// BodyJSON is the shape of a create: a JSON body (DecodeJSON), one store
// call, its result as JSON with code.
func BodyJSON[In, Out any](w http.ResponseWriter, r *http.Request, code int, call func(in In) (Out, error)) error {
	var in In
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	out, err := call(in)
	if err != nil {
		return err
	}
	WriteJSON(w, code, out)
	return nil
}
