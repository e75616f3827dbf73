// Two connections through one tls.ClientSessionCache: the second must be
// resumed from the first's ticket. Prints "resumed" or fails.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"os"
)

func fetch(cfg *tls.Config, addr string) bool {
	c, err := tls.Dial("tcp", addr, cfg)
	if err != nil {
		fmt.Println("dial:", err)
		os.Exit(1)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.0\r\n\r\n")
	io.ReadAll(c) // the tickets come after the handshake
	return c.ConnectionState().DidResume
}

func main() {
	pem, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	cfg := &tls.Config{RootCAs: roots, ServerName: "localhost", MinVersion: tls.VersionTLS13,
		ClientSessionCache: tls.NewLRUClientSessionCache(4)}
	if fetch(cfg, os.Args[1]) {
		fmt.Println("first connection resumed?")
		os.Exit(1)
	}
	if !fetch(cfg, os.Args[1]) {
		fmt.Println("not resumed")
		os.Exit(1)
	}
	fmt.Println("resumed")
}
