/**
 * james-antispam's webadmin routes, under {@code /antispam}: quarantine, lists, statistics and the
 * dry-run check. Each is a James {@code Routes} class (authenticated like James' own routes when
 * {@code jwt.enabled=true}) registered in {@code webadmin.properties}:
 * <pre>
 * extensions.routes=org.jamesantispam.webadmin.QuarantineRoutes,...
 * </pre>
 */
package org.jamesantispam.webadmin;
