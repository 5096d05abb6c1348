#ifndef MINQING_CQRENCODE_SHIM_H
#define MINQING_CQRENCODE_SHIM_H

#include <qrencode.h>

#endif
