/** The auditor and admin REST API over recorded rounds and the audit log (docs/recording.md). */
package org.telerounds.signaling.archive;
