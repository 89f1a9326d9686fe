#ifndef FF_CYAML_SHIM_H
#define FF_CYAML_SHIM_H

/* libyaml, the system's (Debian's libyaml-dev, Homebrew's libyaml): ff reads and checks
 * YAML through its event parser alone. */
#include <yaml.h>

#endif
