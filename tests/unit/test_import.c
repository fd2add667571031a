// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of what `leakctl import' reads: the OpenVPN and WireGuard
 * parsers, on realistic client configs and on each rule alone, and the
 * text and endpoint helpers they stand on.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../ctl/endpoint.h"
#include "../../ctl/text.h"
#include "../../ctl/vpnconf.h"
#include "../../ctl/util.h"
#include "unit.h"

/* An endpoint as parsed: its CLI form, family restriction, line. */
struct want {
	const char *text;
	int family;		/* of the address, or a host's restriction */
	unsigned int line;
};

static void parse_ok(const char *s, struct vpn_config *vc)
{
	struct text_err err = { 0 };
	int ret = vpn_config_parse(s, strlen(s), vc, &err);

	ck_assert_msg(ret == 0, "line %u: %s", err.line, err.msg);
}

static void assert_endpoints(const struct vpn_config *vc,
			     const struct want *want, size_t n)
{
	char buf[ENDPOINT_ARG_MAX + 1];
	size_t i;

	ck_assert_uint_eq(vc->n, n);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(endpoint_arg_format(&vc->v[i].arg, buf,
						     sizeof(buf)),
				 want[i].text);
		ck_assert_int_eq(vc->v[i].arg.ep.family, want[i].family);
		ck_assert_uint_eq(vc->v[i].line, want[i].line);
		/* whatever the file said, the port and protocol are set */
		ck_assert_uint_ne(vc->v[i].arg.ep.port, 0);
		ck_assert(vc->v[i].arg.ep.proto == IPPROTO_UDP ||
			  vc->v[i].arg.ep.proto == IPPROTO_TCP);
	}
}

static void parse_bad(const char *s, unsigned int line, const char *msg)
{
	struct text_err err = { 0 };
	struct vpn_config vc;

	ck_assert_msg(vpn_config_parse(s, strlen(s), &vc, &err) == -1,
		      "accepted: %s", s);
	ck_assert_uint_eq(err.line, line);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_ptr_null(vc.v);
	ck_assert_uint_eq(vc.n, 0);
}

/* A provider's client profile: options, four servers, inline keys. */
static const char client_ovpn[] =
	"# Example VPN - client profile for alice\n"		/* 1 */
	"# Generated 2024-05-01\n"
	"client\n"
	"dev tun\n"
	";proto tcp\n"						/* 5 */
	"proto udp\n"
	"remote-random\n"
	"resolv-retry infinite\n"
	"nobind\n"
	"persist-key\n"						/* 10 */
	"persist-tun\n"
	"remote-cert-tls server\n"
	"data-ciphers AES-256-GCM:CHACHA20-POLY1305\n"
	"auth-user-pass \"/etc/openvpn/client/example creds.txt\"\n"
	"verb 3\n"						/* 15 */
	"\n"
	"<connection>\n"
	"remote nl1.vpn.example.com 1194\n"
	"</connection>\n"
	"\n"							/* 20 */
	"<connection>\n"
	"  remote 198.51.100.10 443 tcp-client\n"
	"  connect-timeout 10\n"
	"</connection>\n"
	"<connection>\n"					/* 25 */
	"remote 2001:db8:10::1 1195 udp6\n"
	"</connection>\n"
	"<connection>\n"
	"remote nl2.vpn.example.com\n"
	"proto tcp4\n"						/* 30 */
	"port 8443\n"
	"</connection>\n"
	"<ca>\n"
	"-----BEGIN CERTIFICATE-----\n"
	"MIIDSzCCAjOgAwIBAgIUYVtG4n2Qp3ld5vDzQ0cLqZp+9IYwDQYJKoZIhvcNAQEL\n"
	"BQAwFjEUMBIGA1UEAwwLRWFzeS1SU0EgQ0EwHhcNMjQwNTAxMTIwMDAwWhcNMzQw\n"
	"remote 203.0.113.66 1194\n"
	"proto tcp-server\n"
	"-----END CERTIFICATE-----\n"
	"</ca>\n"						/* 40 */
	"<cert>\n"
	"-----BEGIN CERTIFICATE-----\n"
	"MIIDVjCCAj6gAwIBAgIQbHdtZWFsaWNlMA0GCSqGSIb3DQEBCwUAMBYxFDASBgNV\n"
	"-----END CERTIFICATE-----\n"
	"</cert>\n"						/* 45 */
	"<key>\n"
	"-----BEGIN PRIVATE KEY-----\n"
	"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n"
	"-----END PRIVATE KEY-----\n"
	"</key>\n"						/* 50 */
	"key-direction 1\n"
	"<tls-auth>\n"
	"#\n"
	"# 2048 bit OpenVPN static key\n"
	"#\n"							/* 55 */
	"-----BEGIN OpenVPN Static key V1-----\n"
	"e685bdaf659a25a200e2b9e3e5d1d6a4\n"
	"-----END OpenVPN Static key V1-----\n"
	"  </tls-auth>\n";

START_TEST(test_client_ovpn)
{
	static const struct want want[] = {
		{ "nl1.vpn.example.com:1194/udp", 0, 18 },
		{ "198.51.100.10:443/tcp", AF_INET, 22 },
		{ "[2001:db8:10::1]:1195/udp", AF_INET6, 26 },
		{ "nl2.vpn.example.com:8443/tcp", AF_INET, 29 },
	};
	struct vpn_config vc;

	parse_ok(client_ovpn, &vc);
	ck_assert_int_eq(vc.format, VPN_OPENVPN);
	assert_endpoints(&vc, want, ARRAY_SIZE(want));
	ck_assert_str_eq(vc.v[0].arg.host, "nl1.vpn.example.com");
	ck_assert_str_eq(vc.v[1].arg.host, "");
	vpn_config_free(&vc);
	ck_assert_ptr_null(vc.v);
}
END_TEST

/* Top-level remotes: their own port and protocol, else the final globals. */
START_TEST(test_ovpn_remotes)
{
	static const struct want want[] = {
		{ "vpn.example.com:443/tcp", 0, 2 },
		{ "203.0.113.5:1300/tcp", AF_INET, 3 },
		{ "203.0.113.6:1194/udp", AF_INET, 4 },
		{ "[2001:db8::7]:1300/tcp", AF_INET6, 6 },
		{ "v4.example.com:1300/udp", AF_INET, 7 },
		{ "v6.example.com:1300/tcp", AF_INET6, 8 },
		{ "quoted.example.com:1300/tcp", 0, 9 },
		{ "[2001:db8::8]:5/tcp", AF_INET6, 10 },
	};
	struct vpn_config vc;

	parse_ok("proto udp\n"
		 "remote vpn.example.com 443 tcp # a comment\n"
		 "  remote\t203.0.113.5 ; another\n"
		 "--remote 203.0.113.6 1194 udp\n"
		 "rport 1300\n"
		 "remote 2001:db8::7\n"
		 "remote v4.example.com 1300 udp4\n"
		 "remote v6.example.com 1300 tcp6-client\n"
		 "remote \"quoted.example.com\" '1300'\n"
		 "remote 2001:db8::8 5\n"
		 "proto tcp\n",
		 &vc);
	assert_endpoints(&vc, want, ARRAY_SIZE(want));
	vpn_config_free(&vc);

	/* OpenVPN's defaults: 1194, UDP */
	parse_ok("client\nremote vpn.example.com\n", &vc);
	ck_assert_uint_eq(vc.n, 1);
	ck_assert_uint_eq(vc.v[0].arg.ep.port, 1194);
	ck_assert_uint_eq(vc.v[0].arg.ep.proto, IPPROTO_UDP);
	ck_assert_uint_eq(vc.v[0].arg.ep.family, 0);
	vpn_config_free(&vc);

	/* port sets the remote port as rport does; the last one wins */
	parse_ok("port 1000\nremote a.example\nport 2000\n", &vc);
	ck_assert_uint_eq(vc.v[0].arg.ep.port, 2000);
	vpn_config_free(&vc);

	/* a family from proto stays unless the remote names one */
	parse_ok("proto udp6\nremote a.example 1 tcp\nremote b.example 2 tcp4\n",
		 &vc);
	ck_assert_uint_eq(vc.v[0].arg.ep.family, AF_INET6);
	ck_assert_uint_eq(vc.v[0].arg.ep.proto, IPPROTO_TCP);
	ck_assert_uint_eq(vc.v[1].arg.ep.family, AF_INET);
	vpn_config_free(&vc);
}
END_TEST

/*
 * A block starts from the globals as they stand where it is, and its
 * remote's own port and protocol win until the block says otherwise.
 */
START_TEST(test_ovpn_connections)
{
	static const struct want want[] = {
		{ "a.example:2000/tcp", 0, 5 },
		{ "c.example:3000/udp", 0, 11 },
		{ "d.example:4000/tcp", AF_INET, 14 },
	};
	struct vpn_config vc;

	parse_ok("remote top.example 1\n"		/* not used */
		 "proto tcp\n"
		 "port 2000\n"
		 "<connection>\n"
		 "remote a.example\n"
		 "</connection>\n"
		 "<connection>\n"
		 "remote b.example 1 tcp\n"
		 "port 3000\n"
		 "proto udp\n"
		 "remote c.example\n"			/* the last remote */
		 "</connection>\n"
		 "<connection>\n"
		 "remote d.example 4000 tcp4\n"
		 "<http-proxy-user-pass>\n"
		 "remote e.example\n"
		 "</http-proxy-user-pass>\n"
		 "</connection>\n"
		 "proto udp\n"				/* too late for them */
		 "port 9\n",
		 &vc);
	assert_endpoints(&vc, want, ARRAY_SIZE(want));
	vpn_config_free(&vc);
}
END_TEST

/* Inline blocks hold data: a remote inside one is no server. */
START_TEST(test_ovpn_inline)
{
	static const struct want want[] = {
		{ "vpn.example.com:1194/udp", 0, 7 },
	};
	struct vpn_config vc;

	parse_ok("<ca>\n"
		 "remote evil.example 1\n"
		 "</ca>\n"
		 "<tls-crypt>\n"
		 "</ca>\n"
		 "</tls-crypt> trailing\n"
		 "remote vpn.example.com\n"
		 "<ca> x\n"		/* not alone on its line: no block */
		 "<>\n",
		 &vc);
	assert_endpoints(&vc, want, ARRAY_SIZE(want));
	vpn_config_free(&vc);
}
END_TEST

static const struct {
	const char *in;
	unsigned int line;
	const char *msg;
} ovpn_bad[] = {
	{ "client\ndev tun\n", 0, "no `remote' in this OpenVPN config" },
	{ "", 0, "no `remote' in this OpenVPN config" },
	{ "remote", 1, "missing argument: `remote HOST [PORT [PROTO]]'" },
	{ "remote # x", 1, "missing argument: `remote HOST [PORT [PROTO]]'" },
	{ "remote a.example 1 udp x", 1,
	  "unexpected argument `x': `remote HOST [PORT [PROTO]]'" },
	{ "remote a.example 0", 1, "invalid port `0': must be 1..65535" },
	{ "remote a.example 65536", 1,
	  "invalid port `65536': must be 1..65535" },
	{ "remote a.example openvpn", 1,
	  "invalid port `openvpn': must be 1..65535" },
	{ "remote a.example 1194 tcp-server", 1,
	  "invalid protocol `tcp-server': a server's, and import reads a client's config" },
	{ "remote a.example\nproto tcp6-server\n", 2,
	  "invalid protocol `tcp6-server': a server's, and import reads a client's config" },
	{ "remote a.example 1194 UDP", 1,
	  "invalid protocol `UDP': must be udp, tcp or tcp-client, with 4 or 6 after udp or tcp for one family" },
	{ "proto", 1, "missing argument: `proto PROTO'" },
	{ "port 1 2", 1, "unexpected argument `2': `port PORT'" },
	{ "rport x", 1, "invalid port `x': must be 1..65535" },
	{ "remote 1.2.3.999", 1,
	  "invalid endpoint `1.2.3.999': not an IPv4 address" },
	{ "remote a.example:1194", 1,
	  "invalid endpoint `a.example:1194': not an IP address or a hostname" },
	{ "remote [2001:db8::1]", 1,
	  "invalid endpoint `[2001:db8::1]': not an IP address or a hostname" },
	{ "remote 224.0.0.1", 1,
	  "invalid endpoint `224.0.0.1': an endpoint must be a unicast address" },
	{ "remote \"\"", 1, "invalid endpoint `': empty" },
	{ "remote 198.51.100.1 1194 udp6", 1,
	  "invalid endpoint `198.51.100.1': not an IPv6 address, which its protocol asks for" },
	{ "proto tcp4\n\nremote 2001:db8::1\n", 3,
	  "invalid endpoint `2001:db8::1': not an IPv4 address, which its protocol asks for" },
	{ "remote \"a.example", 1, "no closing \"" },
	{ "remote a.ex\\ample", 1,
	  "bad backslash: only \\\\, \\\" and \"\\ \" escape" },
	{ "remote a.example\n<ca>\nxyz\n</cax>\n", 2,
	  "<ca> is never closed by </ca>" },
	{ "<connection>\nremote a.example\n", 1,
	  "<connection> is never closed by </connection>" },
	{ "remote a.example\n\n<connection>\nproto tcp\n</connection>\n", 3,
	  "<connection> without a remote" },
	{ "<connection>\n<connection>\n", 2,
	  "<connection> inside the <connection> of line 1" },
};

START_TEST(test_ovpn_bad)
{
	parse_bad(ovpn_bad[_i].in, ovpn_bad[_i].line, ovpn_bad[_i].msg);
}
END_TEST

/* A NUL byte is no end of the input. */
START_TEST(test_nul)
{
	static const char in[] = "remote a.example\nca ca.crt\0\n";
	struct text_err err;
	struct vpn_config vc;

	ck_assert_int_eq(vpn_config_parse(in, sizeof(in) - 1, &vc, &err), -1);
	ck_assert_uint_eq(err.line, 2);
	ck_assert_str_eq(err.msg, "the line holds a NUL byte");
}
END_TEST

/* wg-quick's config: two peers, one behind a bracketed IPv6 address. */
static const char wg0_conf[] =
	"# /etc/wireguard/wg0.conf\n"				/* 1 */
	"[Interface]\n"
	"PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n"
	"Address = 10.99.0.2/32, fd00:99::2/128\n"
	"DNS = 10.99.0.1\n"					/* 5 */
	"PostUp = resolvectl domain %i '~.' # route all names\n"
	"\n"
	"[Peer]\n"
	"# gateway in Amsterdam\n"
	"PublicKey = xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=\n" /* 10 */
	"PresharedKey = /UwcSPg38hW/D9Y3tcS1FOV0K1wuURMbS0sesJEP5ak=\n"
	"AllowedIPs = 0.0.0.0/0, ::/0\n"
	"Endpoint = ams.vpn.example.com:51820\n"
	"PersistentKeepalive = 25\n"
	"\n"							/* 15 */
	"[peer]\n"
	"PublicKey = TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=\n"
	"AllowedIPs = 10.100.0.0/16\n"
	"endpoint=[2001:db8:51::1]:51821   # over IPv6\r\n";

START_TEST(test_wg0_conf)
{
	static const struct want want[] = {
		{ "ams.vpn.example.com:51820/udp", 0, 13 },
		{ "[2001:db8:51::1]:51821/udp", AF_INET6, 19 },
	};
	struct vpn_config vc;

	parse_ok(wg0_conf, &vc);
	ck_assert_int_eq(vc.format, VPN_WIREGUARD);
	assert_endpoints(&vc, want, ARRAY_SIZE(want));
	vpn_config_free(&vc);
}
END_TEST

START_TEST(test_wg_rules)
{
	static const struct want want[] = {
		{ "203.0.113.9:3/udp", AF_INET, 7 },
		{ "203.0.113.2:2/udp", AF_INET, 9 },
	};
	struct vpn_config vc;

	/* a peer without an endpoint; the last Endpoint of a peer wins */
	parse_ok("\xef\xbb\xbf; comment\n"
		 "[ Interface ]\n"
		 "[Peer]\n"
		 "PublicKey = a\n"
		 "[PEER]\n"
		 "ENDPOINT = 203.0.113.2 : 2\n"
		 "Endpoint = 203.0.113.9:3\n"
		 "[Peer]\n"
		 "Endpoint = 203.0.113.2:2\n"
		 "NotAnEndpoint = 1.2.3.4:5\n"
		 "no equals sign\n",
		 &vc);
	ck_assert_int_eq(vc.format, VPN_WIREGUARD);
	assert_endpoints(&vc, want, ARRAY_SIZE(want));
	vpn_config_free(&vc);
}
END_TEST

static const struct {
	const char *in;
	unsigned int line;
	const char *msg;
} wg_bad[] = {
	{ "[Interface]\nPrivateKey = x\n", 0,
	  "no `Endpoint =' in any [Peer] of this WireGuard config" },
	{ "[Peer]\nPublicKey = x\n", 0,
	  "no `Endpoint =' in any [Peer] of this WireGuard config" },
	{ "[Interface]\nEndpoint = 1.2.3.4:5\n", 2,
	  "`Endpoint' outside a [Peer] section" },
	{ "[Peers]\n", 1,
	  "unknown section `[Peers]': must be [Interface] or [Peer]" },
	{ "[Peer]\nEndpoint = 1.2.3.4\n", 2,
	  "invalid endpoint `1.2.3.4': WireGuard's needs a port, HOST:PORT" },
	{ "[Peer]\nEndpoint = 1.2.3.4:5/tcp\n", 2,
	  "invalid endpoint `1.2.3.4:5/tcp': WireGuard's has no protocol, it is UDP" },
	{ "[Peer]\nEndpoint = 2001:db8::1:51820\n", 2,
	  "invalid endpoint `2001:db8::1:51820': an IPv6 address with a port needs brackets: [ADDR6]:PORT" },
	{ "[Peer]\nEndpoint = 1.2.3.4:0\n", 2,
	  "invalid port in `1.2.3.4:0': must be 1..65535" },
	{ "[Peer]\nEndpoint =\n", 2, "invalid endpoint `': empty" },
	{ "[Peer]\nEndpoint = vpn_1.example:1\n", 2,
	  "invalid endpoint `vpn_1.example:1': not an IP address or a hostname" },
};

START_TEST(test_wg_bad)
{
	parse_bad(wg_bad[_i].in, wg_bad[_i].line, wg_bad[_i].msg);
}
END_TEST

START_TEST(test_detect)
{
	struct vpn_config vc;

	/* comments of either kind before the first section */
	parse_ok("# wg\n; x\n\n  [Peer]\nEndpoint = 1.2.3.4:5\n", &vc);
	ck_assert_int_eq(vc.format, VPN_WIREGUARD);
	vpn_config_free(&vc);
	parse_ok("# [Peer]\nremote 1.2.3.4\n[Peer]\n", &vc);
	ck_assert_int_eq(vc.format, VPN_OPENVPN);
	vpn_config_free(&vc);
}
END_TEST

START_TEST(test_parse_host)
{
	struct endpoint_arg pa;
	uint16_t port = 0;

	ck_assert_int_eq(endpoint_parse_host("vpn.example.com", &pa), EP_OK);
	ck_assert_str_eq(pa.host, "vpn.example.com");
	ck_assert_int_eq(endpoint_parse_host("2001:db8::1:53", &pa), EP_OK);
	ck_assert_int_eq(pa.ep.family, AF_INET6);
	ck_assert_uint_eq(pa.ep.port, 0);
	ck_assert_int_eq(endpoint_parse_host("::ffff:198.51.100.1", &pa),
			 EP_OK);
	ck_assert_int_eq(pa.ep.family, AF_INET);
	ck_assert_int_eq(endpoint_parse_host("", &pa), EP_E_EMPTY);
	ck_assert_int_eq(endpoint_parse_host("1.2.3.4:5", &pa), EP_E_NAME);
	ck_assert_int_eq(endpoint_parse_host("1.2.3.4:", &pa), EP_E_NAME);
	ck_assert_int_eq(endpoint_parse_host("1.2.3.4/udp", &pa), EP_E_NAME);
	ck_assert_int_eq(endpoint_parse_host("[::1]", &pa), EP_E_NAME);
	ck_assert_int_eq(endpoint_parse_host("1.2.3.256", &pa), EP_E_V4);
	ck_assert_uint_eq(pa.ep.family, 0);

	ck_assert_int_eq(endpoint_parse_port("1", &port), EP_OK);
	ck_assert_uint_eq(port, 1);
	ck_assert_int_eq(endpoint_parse_port("65535", &port), EP_OK);
	ck_assert_uint_eq(port, 65535);
	ck_assert_int_eq(endpoint_parse_port("01194", &port), EP_OK);
	ck_assert_uint_eq(port, 1194);
	ck_assert_int_eq(endpoint_parse_port("65536", &port), EP_E_PORT);
	ck_assert_int_eq(endpoint_parse_port("000001", &port), EP_E_PORT);
	ck_assert_int_eq(endpoint_parse_port("", &port), EP_E_PORT);
	ck_assert_int_eq(endpoint_parse_port("-1", &port), EP_E_PORT);
	ck_assert_uint_eq(port, 1194);
}
END_TEST

START_TEST(test_arg_format)
{
	char buf[ENDPOINT_ARG_MAX + 1], name[HOSTNAME_MAX + 16];
	struct endpoint_arg pa;
	size_t i;

	ck_assert_int_eq(endpoint_parse("vpn.example.com:1194/UDP", &pa),
			 EP_OK);
	ck_assert_str_eq(endpoint_arg_format(&pa, buf, sizeof(buf)),
			 "vpn.example.com:1194/udp");
	ck_assert_int_eq(endpoint_parse("vpn.example.com", &pa), EP_OK);
	ck_assert_str_eq(endpoint_arg_format(&pa, buf, sizeof(buf)),
			 "vpn.example.com");
	ck_assert_int_eq(endpoint_parse("2001:DB8::1/tcp", &pa), EP_OK);
	ck_assert_str_eq(endpoint_arg_format(&pa, buf, sizeof(buf)),
			 "[2001:db8::1]/tcp");

	/* the longest hostname and suffix fit exactly */
	for (i = 0; i < HOSTNAME_MAX; i++)
		name[i] = i % 2 ? '.' : 'a';
	name[HOSTNAME_MAX - 1] = 'a';
	strcpy(name + HOSTNAME_MAX, ":65535/tcp");
	ck_assert_int_eq(endpoint_parse(name, &pa), EP_OK);
	ck_assert_str_eq(endpoint_arg_format(&pa, buf, sizeof(buf)), name);
	ck_assert_uint_eq(strlen(buf), ENDPOINT_ARG_MAX);
}
END_TEST

START_TEST(test_text)
{
	char where[TEXT_WHERE_MAX], path[] = "/tmp/lb-unit-XXXXXX";
	char s[] = " \t a b \r", *data, *line;
	struct text_err err;
	struct text t;
	size_t len;
	int fd;

	ck_assert_str_eq(text_where(where, sizeof(where), "f.conf", 7),
			 "f.conf:7: ");
	ck_assert_str_eq(text_where(where, sizeof(where), "f.conf", 0),
			 "f.conf: ");
	ck_assert_str_eq(text_name("-"), "<stdin>");
	ck_assert_str_eq(text_name("./-"), "./-");
	ck_assert_str_eq(text_trim(s), "a b");

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "one\r\n\ntwo", 9), 9);
	close(fd);
	ck_assert_int_eq(text_read(path, &data, &len), 0);
	ck_assert_uint_eq(len, 9);
	ck_assert_str_eq(data, "one\r\n\ntwo");
	unlink(path);
	ck_assert_int_eq(text_read(path, &data, &len), -ENOENT);
	ck_assert_int_eq(text_read("/", &data, &len), -EISDIR);

	ck_assert_int_eq(text_open(&t, data, len, 4, &err), 0);
	free(data);
	ck_assert_int_eq(text_next(&t, &line, &err), 1);
	ck_assert_str_eq(line, "one\r");
	ck_assert_uint_eq(t.line, 1);
	ck_assert_int_eq(text_next(&t, &line, &err), 1);
	ck_assert_str_eq(line, "");
	ck_assert_int_eq(text_next(&t, &line, &err), 1);
	ck_assert_str_eq(line, "two");
	ck_assert_uint_eq(t.line, 3);
	ck_assert_int_eq(text_next(&t, &line, &err), 0);
	ck_assert_int_eq(text_next(&t, &line, &err), 0);
	text_close(&t);
	ck_assert_ptr_null(t.buf);

	/* "one\r" is 4 bytes: over a limit of 3 */
	ck_assert_int_eq(text_open(&t, "ab\none\r\n", 8, 3, &err), 0);
	ck_assert_int_eq(text_next(&t, &line, &err), 1);
	ck_assert_int_eq(text_next(&t, &line, &err), -1);
	ck_assert_uint_eq(err.line, 2);
	ck_assert_str_eq(err.msg, "the line is longer than 3 bytes");
	text_close(&t);
}
END_TEST

Suite *import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *tc;

	tc = tcase_create("openvpn");
	tcase_add_test(tc, test_client_ovpn);
	tcase_add_test(tc, test_ovpn_remotes);
	tcase_add_test(tc, test_ovpn_connections);
	tcase_add_test(tc, test_ovpn_inline);
	tcase_add_loop_test(tc, test_ovpn_bad, 0, ARRAY_SIZE(ovpn_bad));
	tcase_add_test(tc, test_nul);
	suite_add_tcase(s, tc);

	tc = tcase_create("wireguard");
	tcase_add_test(tc, test_wg0_conf);
	tcase_add_test(tc, test_wg_rules);
	tcase_add_loop_test(tc, test_wg_bad, 0, ARRAY_SIZE(wg_bad));
	tcase_add_test(tc, test_detect);
	suite_add_tcase(s, tc);

	tc = tcase_create("helpers");
	tcase_add_test(tc, test_parse_host);
	tcase_add_test(tc, test_arg_format);
	tcase_add_test(tc, test_text);
	suite_add_tcase(s, tc);

	return s;
}
