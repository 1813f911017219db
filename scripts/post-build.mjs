// Trunk's post-build hook: the three steps in order (a module's imports run one after the other).
import "./csp-hashes.mjs";
import "./offline.mjs";
import "./precompress.mjs";
