// The blocking driver is public API: include/parley/io.h.
#pragma once

#include "parley/io.h"
