package ops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ShutdownLimit is how long in-flight requests get to finish once Run's
// context ends (SIGINT or SIGTERM).
const ShutdownLimit = 10 * time.Second

// Run serves handler on ln (with Serve's security headers and timeouts
// that a slow or hostile client cannot hold a connection open past) until
// ctx ends or serving fails. Then it calls stopping, which must return
// once nothing will change what is served (no rebuild or swap after it),
// and lets in-flight requests finish for up to ShutdownLimit.
func Run(ctx context.Context, ln net.Listener, handler http.Handler, log *slog.Logger, stopping func()) error {
	hs := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- Serve(hs, ln) }()
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
		log.Info("shutting down")
	}
	stopping()
	shutdown, cancel := context.WithTimeout(context.Background(), ShutdownLimit)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("requests still running at shutdown", "err", err)
	}
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	return serveErr
}

// NewLogger logs to w in format, "text" or "json" (serve --log-format).
func NewLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", format)
}

// ListenURL is the base URL a server on a would have by default: http://
// and the address listened on, with "localhost" for an address that is
// every interface (":8080").
func ListenURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
