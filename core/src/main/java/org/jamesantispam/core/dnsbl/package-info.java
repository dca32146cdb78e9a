/**
 * DNS blocklists and allow lists (Postfix {@code reject_rbl_client}, {@code reject_maps_rbl},
 * {@code permit_dnswl_client}), one implementation for SMTP hooks and matchers:
 * <ul>
 *   <li>{@link org.jamesantispam.core.dnsbl.DnsblZone}: {@code zone[=d.d.d.d]} with Postfix's
 *       return-code filter ({@link org.jamesantispam.core.dnsbl.ReturnCodeFilter}) and the RFC 5782
 *       query names (IPv4 octets, IPv6 nibbles);</li>
 *   <li>{@link org.jamesantispam.core.dnsbl.DnsblClient}: parallel queries bounded by one timeout,
 *       TTL cache (positive and negative), counters
 *       ({@link org.jamesantispam.core.dnsbl.DnsblStatistics}); shared per settings by
 *       {@link org.jamesantispam.core.dnsbl.DnsblClients};</li>
 *   <li>{@link org.jamesantispam.core.dnsbl.RejectRblClient} and
 *       {@link org.jamesantispam.core.dnsbl.PermitDnswlClient}: the
 *       {@link org.jamesantispam.core.restrictions.Restriction}s, with Postfix's reply
 *       ({@link org.jamesantispam.core.dnsbl.RblReply}, {@link org.jamesantispam.core.dnsbl.RblReplyTemplate}).</li>
 * </ul>
 *
 * <pre>{@code
 * DnsblClient client = DnsblClients.shared(DnsblClientSettings.parse(Map.of("resolver", "127.0.0.1:5300")));
 * Restriction rbl = new RejectRblClient(client, DnsblZone.parseList("bl.example.test, zen.example=127.0.0.[2..11]"));
 * Decision decision = rbl.evaluate(SmtpRequest.connect(clientAddress, false));
 * // REJECT by reject_rbl_client bl.example.test:
 * //   554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.example.test; Listed for spam
 * }</pre>
 */
package org.jamesantispam.core.dnsbl;
