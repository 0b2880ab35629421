/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Records of the hardware-event group (hw.bpf.c): the last thermal zone reading and CPU
 * frequency change the kernel reported. Machines without thermal zones or cpufreq (most VMs)
 * produce no events: user space then shows n/a, never 0.
 */
#ifndef SMOOTHTASK_HW_H
#define SMOOTHTASK_HW_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define ST_HW_MAX_ZONES 256
#define ST_HW_MAX_CPUS 4096
#define ST_THERMAL_TYPE_LEN 20

/* Value of thermal (key: __s32 thermal zone id). */
struct st_thermal {
	__s32 temp_mc;        /* tz->temperature, millidegrees Celsius */
	__s32 last_temp_mc;   /* tz->last_temperature */
	__u64 events;
	__u64 time_ns;        /* bpf_ktime_get_boot_ns() of the last event */
	char type[ST_THERMAL_TYPE_LEN]; /* tz->type, e.g. "x86_pkg_temp" */
	__u32 pad;
};

/* Value of cpufreq (key: __u32 cpu). */
struct st_cpufreq {
	__u32 khz;            /* the frequency the CPU was set to */
	__u32 pad;
	__u64 events;
	__u64 time_ns;
};

#endif
