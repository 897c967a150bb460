// Package ops is what wraps every request of the web server, outside Gin:
// security headers, a request id, one log line, metrics, gzip for text
// answers (compress.go); and the
// responses net/http writes without calling a handler (Serve). It knows
// nothing of pages or the index but the catalog of the one served, for
// two gauges. The web package serves the endpoints an operator uses
// (/healthz, /readyz, /metrics: web/ready.go).
//
// Metrics (route is Gin's route pattern such as "/:name", never the raw
// path; requests that match no route are "unmatched"):
//
//	weeknotes_http_requests_total{method,route,status}
//	weeknotes_http_request_duration_seconds{method,route,status}   histogram
//	weeknotes_search_duration_seconds{route}                       histogram of /search, /api/search, /api/suggest
//	weeknotes_index_documents                                      posts in the index being served
//	weeknotes_index_built_timestamp_seconds                        when that build was written
//	weeknotes_reindex_total{result}                                rebuilds by result ("ok", "error")
//	weeknotes_reindex_errors_total                                 failed rebuilds
//	weeknotes_reindex_last_timestamp_seconds                       end of the last rebuild
//	weeknotes_reindex_last_duration_seconds                        how long it took
//	weeknotes_reindex_duration_seconds                             histogram of rebuild times
//
// plus the Go runtime and process collectors.
package ops

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/freerange/weeknotes/search/store/catalog"
)

// RequestIDHeader carries the request id: taken from the request when it
// looks like one (a proxy's), otherwise made up, and always sent back.
const RequestIDHeader = "X-Request-Id"

// ContentSecurityPolicy is sent with every response. Posts may embed images
// and iframes from anywhere on https; nothing inline runs or styles.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' https: data:; frame-src https:; " +
	"style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; " +
	"base-uri 'none'; form-action 'self'"

// securityHeaders go on every response, errors and redirects included.
var securityHeaders = [][2]string{
	{"Content-Security-Policy", ContentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"X-Frame-Options", "DENY"},
}

const routeUnmatched = "unmatched"

// searchRoutes are the routes whose latency is search latency.
var searchRoutes = map[string]bool{"/search": true, "/api/search": true, "/api/suggest": true}

// Metrics holds a server's metrics and wraps its handler.
type Metrics struct {
	log *slog.Logger
	reg *prometheus.Registry

	requests        *prometheus.CounterVec
	duration        *prometheus.HistogramVec
	searchDuration  *prometheus.HistogramVec
	reindexes       *prometheus.CounterVec
	reindexErrors   prometheus.Counter
	reindexDuration prometheus.Histogram
	lastReindex     prometheus.Gauge
	lastReindexTook prometheus.Gauge
}

var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// New makes the metrics of a server that logs to log; served reads the
// catalog of the index being served (false when none is).
func New(log *slog.Logger, served func() (catalog.Catalog, bool)) *Metrics {
	o := &Metrics{log: log, reg: prometheus.NewRegistry()}
	// catalogGauge reads a gauge's value from the served index's catalog.
	catalogGauge := func(value func(catalog.Catalog) float64) float64 {
		c, ok := served()
		if !ok {
			return 0
		}
		return value(c)
	}
	o.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "weeknotes_http_requests_total",
		Help: "HTTP requests by method, route pattern and status.",
	}, []string{"method", "route", "status"})
	o.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "weeknotes_http_request_duration_seconds",
		Help:    "HTTP request latency by method, route pattern and status.",
		Buckets: latencyBuckets,
	}, []string{"method", "route", "status"})
	o.searchDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "weeknotes_search_duration_seconds",
		Help:    "Latency of search requests (search page, search API, suggestions).",
		Buckets: latencyBuckets,
	}, []string{"route"})
	o.reindexes = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "weeknotes_reindex_total",
		Help: "Rebuilds of the index by result.",
	}, []string{"result"})
	o.reindexErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "weeknotes_reindex_errors_total",
		Help: "Rebuilds of the index that failed (the previous build kept serving).",
	})
	o.reindexDuration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "weeknotes_reindex_duration_seconds",
		Help:    "Time taken by rebuilds of the index.",
		Buckets: []float64{.1, .25, .5, 1, 2, 5, 10, 30, 60, 120, 300},
	})
	o.lastReindex = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "weeknotes_reindex_last_timestamp_seconds",
		Help: "Unix time the last rebuild ended (0: none since start).",
	})
	o.lastReindexTook = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "weeknotes_reindex_last_duration_seconds",
		Help: "How long the last rebuild took.",
	})
	docs := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "weeknotes_index_documents",
		Help: "Posts in the index being served.",
	}, func() float64 { return catalogGauge(func(c catalog.Catalog) float64 { return float64(c.Posts) }) })
	built := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "weeknotes_index_built_timestamp_seconds",
		Help: "Unix time the index being served was built.",
	}, func() float64 {
		return catalogGauge(func(c catalog.Catalog) float64 { return float64(c.BuiltAt.UnixNano()) / 1e9 })
	})
	o.reg.MustRegister(o.requests, o.duration, o.searchDuration, o.reindexes, o.reindexErrors,
		o.reindexDuration, o.lastReindex, o.lastReindexTook, docs, built,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, r := range []string{"ok", "error"} {
		o.reindexes.WithLabelValues(r) // present from the start, at 0
	}
	return o
}

// requestInfo travels in the request's context from the outer wrapper to
// the first Gin middleware, which names the route.
type requestInfo struct {
	id    string
	route string
}

type requestInfoKey struct{}

// Wrap is the outermost handler. It works at the net/http level so that
// responses Gin writes before any middleware runs (trailing-slash
// redirects) carry the headers and are logged and counted too.
func (o *Metrics) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{id: requestID(r.Header.Get(RequestIDHeader)), route: routeUnmatched}
		h := w.Header()
		for _, kv := range securityHeaders {
			h.Set(kv[0], kv[1])
		}
		h.Set(RequestIDHeader, info.id)
		sw := &statusWriter{ResponseWriter: w, head: r.Method == http.MethodHead}
		if r.Method == http.MethodOptions && r.RequestURI == "*" {
			// What the server allows anywhere (Serve hands this to us).
			info.route = "*"
			h.Set("Allow", AllowedMethods)
			h.Set("Content-Length", "0")
			sw.WriteHeader(http.StatusOK)
		} else {
			next.ServeHTTP(sw, routed(r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))))
		}

		took := time.Since(start)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		method := metricMethod(r.Method)
		code := strconv.Itoa(status)
		o.requests.WithLabelValues(method, info.route, code).Inc()
		o.duration.WithLabelValues(method, info.route, code).Observe(took.Seconds())
		if searchRoutes[info.route] {
			o.searchDuration.WithLabelValues(info.route).Observe(took.Seconds())
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		o.log.LogAttrs(r.Context(), level, "request",
			slog.String("id", info.id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("route", info.route),
			slog.Int("status", status),
			slog.Int64("bytes", sw.bytes),
			slog.Duration("took", took),
			slog.String("remote", r.RemoteAddr),
		)
	})
}

// NameRoute is the first Gin middleware: it records the matched route
// pattern for Wrap's log line and metrics, and the request id for handlers.
func (o *Metrics) NameRoute() gin.HandlerFunc {
	return func(c *gin.Context) {
		if info, ok := c.Request.Context().Value(requestInfoKey{}).(*requestInfo); ok {
			if p := c.FullPath(); p != "" {
				info.route = p
			}
			c.Set(RequestIDHeader, info.id)
		}
		c.Next()
	}
}

// RequestID is the id of the request c is serving ("" outside Handler).
func RequestID(c *gin.Context) string { return c.GetString(RequestIDHeader) }

// requestID keeps a proxy's id when it is short and plain, so it can be
// logged and echoed safely; otherwise it makes a new one.
func requestID(given string) string {
	if len(given) > 0 && len(given) <= 64 {
		ok := true
		for _, r := range given {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
				ok = false
				break
			}
		}
		if ok {
			return given
		}
	}
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// metricMethod keeps the method label bounded: clients can send any token.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete,
		http.MethodPatch, http.MethodOptions:
		return m
	}
	return "other"
}

// statusWriter remembers the status and size of a response, and drops
// the body of a response to HEAD (which was routed as GET).
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	head   bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.head {
		return len(p), nil
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush passes flushes through (Gin's writer asserts http.Flusher).
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Handler serves the metrics in Prometheus text format.
func (o *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(o.reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(o.log.Handler(), slog.LevelError)})
}

// RecordReindex counts one rebuild of the index and how long it took; err
// is nil when the new build is being served.
func (o *Metrics) RecordReindex(took time.Duration, err error) {
	result := "ok"
	if err != nil {
		result = "error"
		o.reindexErrors.Inc()
	}
	o.reindexes.WithLabelValues(result).Inc()
	o.reindexDuration.Observe(took.Seconds())
	o.lastReindex.SetToCurrentTime()
	o.lastReindexTook.Set(took.Seconds())
}
