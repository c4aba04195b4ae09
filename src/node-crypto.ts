/**
 * node:crypto, loaded on first use. A static import would load it (and Web Crypto with it) at every start,
 * several milliseconds that only confirmations, the audit log and HTTP tokens need.
 */
export const nodeCrypto = () => process.getBuiltinModule("node:crypto");
