// Texts every node shows alike (the form rows, the session's badges, the error badges, "sent") live
// once, in the account's catalogue under `common`: every node needs an account, so that catalogue is
// always loaded. Node-RED reaches another node's catalogue with the `<module>/<node set>:` prefix; the
// editor side is resources/editor.js (same prefix).
export const SHARED_TEXTS = 'node-red-contrib-hyundai-kia/hyundai-kia-account:hyundai-kia-account.common';
