package ops

import (
	"compress/gzip"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Compression: text answers (HTML, JSON, XML, CSS, JavaScript, SVG, plain
// text) are gzipped when the request accepts gzip, and say "Vary:
// Accept-Encoding" either way, so a shared cache keeps the two apart. An
// answer is left as it is when it is already encoded (a handler that
// serves precompressed bytes sets Content-Encoding itself), when it is
// part of a file (206, Content-Range), when it has no body (1xx, 204, 304),
// or when it is shorter than MinCompressBytes, which gzip would not make
// smaller by enough to pay for itself.

// MinCompressBytes is the shortest answer that is compressed.
const MinCompressBytes = 1024

// CompressLevel is gzip's level for answers compressed as they are sent:
// its fastest, which costs less than the JSON encoding of a search and
// comes within about a tenth of the default level's size. Answers made once
// and kept (static files, cached search pages) use the best level.
const CompressLevel = gzip.BestSpeed

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, CompressLevel)
	return w
}}

// Compress gzips next's text answers to requests that accept gzip.
func Compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &compressWriter{ResponseWriter: w, accepts: AcceptsGzip(r.Header.Get("Accept-Encoding"))}
		defer cw.finish()
		next.ServeHTTP(cw, r)
	})
}

// AcceptsGzip reads an Accept-Encoding header: gzip (or x-gzip, or *)
// with a quality above zero. "gzip;q=0" refuses it.
func AcceptsGzip(header string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch name {
		case "gzip", "x-gzip":
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}

// Compressible says whether a Content-Type is text that gzip shrinks.
func Compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	if strings.HasPrefix(mt, "text/") || strings.HasSuffix(mt, "+xml") || strings.HasSuffix(mt, "+json") {
		return true
	}
	switch mt {
	case "application/json", "application/xml", "application/javascript", "image/svg+xml":
		return true
	}
	return false
}

// compressWriter holds a text answer back until it knows whether to
// compress it: at MinCompressBytes it starts gzip, and at the end an
// answer shorter than that goes out as it is.
type compressWriter struct {
	http.ResponseWriter
	accepts bool // the request accepts gzip

	status  int    // the status held back, 0 until WriteHeader
	decided bool   // the header is sent: pass through or gz
	hold    bool   // collecting the first bytes of a candidate in buf
	buf     []byte // what came before the decision
	gz      *gzip.Writer
}

func (w *compressWriter) WriteHeader(code int) {
	if w.decided || w.status != 0 {
		return
	}
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		w.ResponseWriter.WriteHeader(code) // informational: not the answer
		return
	}
	w.status = code
	h := w.Header()
	if h.Get("Content-Encoding") != "" || !Compressible(h.Get("Content-Type")) {
		w.passThrough()
		return
	}
	h.Add("Vary", "Accept-Encoding")
	if !w.accepts || code == http.StatusNoContent || code == http.StatusNotModified ||
		code == http.StatusPartialContent || h.Get("Content-Range") != "" {
		w.passThrough()
		return
	}
	if n, err := strconv.Atoi(h.Get("Content-Length")); err == nil && n < MinCompressBytes {
		w.passThrough()
		return
	}
	w.hold = true
}

func (w *compressWriter) passThrough() {
	w.decided = true
	w.ResponseWriter.WriteHeader(w.status)
}

func (w *compressWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		if w.Header().Get("Content-Type") == "" {
			// What net/http would sniff; known before the decision.
			w.Header().Set("Content-Type", http.DetectContentType(p))
		}
		w.WriteHeader(http.StatusOK)
	}
	switch {
	case w.gz != nil:
		return w.gz.Write(p)
	case w.hold:
		w.buf = append(w.buf, p...)
		if len(w.buf) >= MinCompressBytes {
			if err := w.startGzip(); err != nil {
				return 0, err
			}
		}
		return len(p), nil
	}
	return w.ResponseWriter.Write(p)
}

func (w *compressWriter) startGzip() error {
	h := w.Header()
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	if etag := h.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
		h.Set("ETag", "W/"+etag) // the bytes differ from the identity answer's
	}
	w.hold, w.decided = false, true
	w.ResponseWriter.WriteHeader(w.status)
	w.gz = gzipWriters.Get().(*gzip.Writer)
	w.gz.Reset(w.ResponseWriter)
	_, err := w.gz.Write(w.buf)
	w.buf = nil
	return err
}

// Flush sends what is held: a streamed answer is compressed from here on
// whatever its length.
func (w *compressWriter) Flush() {
	if w.hold {
		w.startGzip()
	}
	if w.gz != nil {
		w.gz.Flush()
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// finish ends the answer: a short held answer goes out as it is.
func (w *compressWriter) finish() {
	switch {
	case w.gz != nil:
		w.gz.Close()
		w.gz.Reset(nil)
		gzipWriters.Put(w.gz)
		w.gz = nil
	case w.hold:
		w.hold, w.decided = false, true
		w.Header().Set("Content-Length", strconv.Itoa(len(w.buf)))
		w.ResponseWriter.WriteHeader(w.status)
		w.ResponseWriter.Write(w.buf)
	}
}
