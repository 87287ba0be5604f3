package devserver

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
)

// listenAddress is a parsed host:port that a server binds to.
type listenAddress struct {
	ip   string // IP literal; "localhost" is resolved to 127.0.0.1
	port int    // 0 means any free port
}

// parseListenAddress parses addr for the option named option. The host must
// be an IP literal or "localhost", because the Temporal server binds its
// services to an IP (config.RPC.BindOnIP) and does not resolve names.
func parseListenAddress(option, addr string) (listenAddress, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return listenAddress{}, fmt.Errorf("devserver: invalid %s %q: %w", option, addr, err)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	if net.ParseIP(host) == nil {
		return listenAddress{}, fmt.Errorf(
			"devserver: invalid %s %q: the host must be an IP address such as 127.0.0.1",
			option, addr)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 {
		return listenAddress{}, fmt.Errorf(
			"devserver: invalid %s %q: the port must be a number from 0 to 65535", option, addr)
	}
	return listenAddress{ip: host, port: port}, nil
}

func (a listenAddress) String() string {
	return net.JoinHostPort(a.ip, strconv.Itoa(a.port))
}

// dialAddress returns the address a local client connects to. A wildcard
// bind address (0.0.0.0 or ::) is reached through the loopback interface.
func (a listenAddress) dialAddress() string {
	ip := net.ParseIP(a.ip)
	switch {
	case ip.Equal(net.IPv4zero):
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(a.port))
	case ip.Equal(net.IPv6unspecified):
		return net.JoinHostPort("::1", strconv.Itoa(a.port))
	}
	return a.String()
}

// portReservation holds open listeners so that the ports it hands out stay
// distinct and free until release. The Temporal server and the UI server
// open their own listeners, so each port is released just before they
// start. NOTE: another process can take a released port in that short gap,
// and the server then fails to start with a bind error.
type portReservation struct {
	listeners []net.Listener
}

// reserve binds addr and, for port 0, records the port the system chose.
// name describes the address in the error, for example "frontend address".
func (r *portReservation) reserve(name string, addr *listenAddress) error {
	l, err := net.Listen("tcp", addr.String())
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("devserver: %s %s is already in use; stop the program "+
				"that listens there or choose another address: %w", name, addr, err)
		}
		return fmt.Errorf("devserver: cannot listen on %s %s: %w", name, addr, err)
	}
	r.listeners = append(r.listeners, l)
	addr.port = l.Addr().(*net.TCPAddr).Port
	return nil
}

// reserveLoopbackPort returns a free port on 127.0.0.1 for an internal
// service.
func (r *portReservation) reserveLoopbackPort() (int, error) {
	addr := listenAddress{ip: "127.0.0.1"}
	if err := r.reserve("internal service address", &addr); err != nil {
		return 0, err
	}
	return addr.port, nil
}

// release closes every listener.
func (r *portReservation) release() {
	for _, l := range r.listeners {
		_ = l.Close()
	}
	r.listeners = nil
}
