/*
 * enet/callbacks.h: kept so that programs including upstream's header names still
 * compile. Everything it declared lives in the generated enet/enet.h.
 */
#include "enet/enet.h"
