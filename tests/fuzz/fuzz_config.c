// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the files leakctl reads. The first byte chooses the
 * parser of the rest: even, the configuration file (load); odd, a VPN
 * client's config (import). Whatever parses must hold the parsers'
 * promises, and a configuration must read back the same after
 * show-config's printer wrote it.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/leakblock.h>

#include "../../ctl/config.h"
#include "../../ctl/endpoint.h"
#include "../../ctl/ifname.h"
#include "../../ctl/show.h"
#include "../../ctl/vpnconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp_endpoint(const void *a, const void *b)
{
	return endpoint_cmp(a, b);
}

/* What the kernel would hold after load: addresses each once, in order. */
static void to_status(const struct config *cfg, struct lb_status *st,
		      struct tunnel *tunnels, struct endpoint *eps)
{
	struct endpoint_arg pa;
	size_t i, j, n = 0;

	memset(st, 0, sizeof(*st));
	st->armed = cfg->armed;
	st->allow.value = cfg->allow;
	st->allow.selector = __LEAKBLOCK_ALLOW_ALL;
	for (i = 0; i < cfg->ntunnels; i++)
		tunnels[i] = cfg->tunnels[i].t;
	st->tunnels = tunnels;
	st->ntunnels = cfg->ntunnels;
	for (i = 0; i < cfg->nendpoints; i++) {
		if (endpoint_parse(cfg->endpoints[i].text, &pa) != EP_OK)
			abort();
		if (!pa.host[0])
			eps[n++] = pa.ep;
	}
	qsort(eps, n, sizeof(*eps), cmp_endpoint);
	for (i = 1, j = 0; i < n; i++)
		if (endpoint_cmp(&eps[j], &eps[i]))
			eps[++j] = eps[i];
	st->endpoints = eps;
	st->nendpoints = n ? j + 1 : 0;
}

static void check_config(const struct config *cfg, unsigned int lines)
{
	struct tunnel tunnels[LEAKBLOCK_MAX_TUNNELS], t;
	struct endpoint_arg pa;
	struct lb_status st;
	struct text_err err;
	struct config again;
	struct endpoint *eps;
	char *out = NULL;
	size_t len = 0, i, j;
	FILE *f;

	if (cfg->allow & ~__LEAKBLOCK_ALLOW_ALL ||
	    cfg->ntunnels > LEAKBLOCK_MAX_TUNNELS)
		abort();
	for (i = 0; i < cfg->ntunnels; i++) {
		const struct config_tunnel *ct = &cfg->tunnels[i];

		if (!ifname_valid(ct->t.name) || ct->t.name[0] == '#' ||
		    ct->t.flags & ~LEAKBLOCK_TUNNEL_F_PREFIX ||
		    ct->w.line < 1 || ct->w.line > lines ||
		    tunnel_parse(ct->w.text, &t) ||
		    memcmp(&t, &ct->t, sizeof(t)))
			abort();
		for (j = 0; j < i; j++)
			if (!strcmp(cfg->tunnels[j].t.name, ct->t.name) &&
			    cfg->tunnels[j].t.flags == ct->t.flags)
				abort();
	}
	for (i = 0; i < cfg->nendpoints; i++)
		if (cfg->endpoints[i].line < 1 ||
		    cfg->endpoints[i].line > lines ||
		    endpoint_parse(cfg->endpoints[i].text, &pa) != EP_OK)
			abort();

	/* show-config, then load: the same policy */
	eps = calloc(cfg->nendpoints + 1, sizeof(*eps));
	if (!eps)
		return;
	to_status(cfg, &st, tunnels, eps);
	if (config_unwritable(&st))
		abort();
	f = open_memstream(&out, &len);
	if (!f) {
		free(eps);
		return;
	}
	config_print(f, &st);
	fclose(f);
	if (config_parse(out, len, &again, &err))
		abort();
	if (again.armed != cfg->armed || again.allow != cfg->allow ||
	    again.ntunnels != cfg->ntunnels ||
	    again.nendpoints != st.nendpoints)
		abort();
	for (i = 0; i < again.ntunnels; i++)
		if (memcmp(&again.tunnels[i].t, &cfg->tunnels[i].t,
			   sizeof(struct tunnel)))
			abort();
	for (i = 0; i < again.nendpoints; i++)
		if (endpoint_parse(again.endpoints[i].text, &pa) != EP_OK ||
		    pa.host[0] || memcmp(&pa.ep, &eps[i], sizeof(pa.ep)))
			abort();
	config_free(&again);
	free(out);
	free(eps);
}

static void check_vpn(const struct vpn_config *vc, unsigned int lines)
{
	char buf[ENDPOINT_ARG_MAX + 1];
	struct endpoint_arg again;
	size_t i;

	if (!vc->n ||
	    (vc->format != VPN_OPENVPN && vc->format != VPN_WIREGUARD))
		abort();
	for (i = 0; i < vc->n; i++) {
		const struct vpn_endpoint *ve = &vc->v[i];
		const struct endpoint *ep = &ve->arg.ep;

		if (ve->line < 1 || ve->line > lines || !ep->port ||
		    (ep->proto != IPPROTO_UDP && ep->proto != IPPROTO_TCP) ||
		    (vc->format == VPN_WIREGUARD &&
		     ep->proto != IPPROTO_UDP))
			abort();
		if (ve->arg.host[0]) {
			if (!hostname_valid(ve->arg.host,
					    strlen(ve->arg.host)) ||
			    (ep->family && ep->family != AF_INET &&
			     ep->family != AF_INET6))
				abort();
		} else if (!endpoint_is_unicast(ep)) {
			abort();
		}
		/* its CLI form reads back the same, but for a host's family */
		endpoint_arg_format(&ve->arg, buf, sizeof(buf));
		if (endpoint_parse(buf, &again) != EP_OK ||
		    strcmp(again.host, ve->arg.host) ||
		    again.ep.port != ep->port || again.ep.proto != ep->proto ||
		    memcmp(again.ep.addr, ep->addr, sizeof(ep->addr)) ||
		    (!ve->arg.host[0] && again.ep.family != ep->family))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vpn_config vc;
	struct text_err err;
	struct config cfg;
	unsigned int lines = 1;
	const char *s;
	size_t i;

	if (!size)
		return 0;
	s = (const char *)data + 1;
	for (i = 0; i < size - 1; i++)
		lines += s[i] == '\n';

	if (!(data[0] & 1)) {
		if (!config_parse(s, size - 1, &cfg, &err)) {
			check_config(&cfg, lines);
			config_free(&cfg);
		} else if (!err.msg[0] || err.line > lines) {
			abort();
		}
		return 0;
	}
	if (!vpn_config_parse(s, size - 1, &vc, &err)) {
		check_vpn(&vc, lines);
		vpn_config_free(&vc);
	} else if (!err.msg[0] || err.line > lines || vc.v) {
		abort();
	}
	return 0;
}
