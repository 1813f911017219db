// Trunk's post-build hook: the two steps in order (a module's imports run one after the other).
import "./csp-hashes.mjs";
import "./offline.mjs";
