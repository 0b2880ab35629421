// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Hardware-event group: thermal:thermal_temperature and power:cpu_frequency, where the hardware
 * and drivers fire them. Keeps the last value per thermal zone and per CPU with an event count;
 * zero events (a VM, no cpufreq driver) is normal and reads as "not measured".
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "maps.bpf.h"
#include "hw.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ST_HW_MAX_ZONES);
	__type(key, __s32);
	__type(value, struct st_thermal);
} thermal SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, ST_HW_MAX_CPUS);
	__type(key, __u32);
	__type(value, struct st_cpufreq);
} cpufreq SEC(".maps");

static const struct st_thermal zero_thermal;
static const struct st_cpufreq zero_cpufreq;

SEC("tp_btf/thermal_temperature")
int BPF_PROG(on_thermal, struct thermal_zone_device *tz)
{
	__s32 id = BPF_CORE_READ(tz, id);
	struct st_thermal *t = lookup_or_init(&thermal, &id, &zero_thermal);

	if (!t)
		return 0;
	t->temp_mc = BPF_CORE_READ(tz, temperature);
	t->last_temp_mc = BPF_CORE_READ(tz, last_temperature);
	t->time_ns = bpf_ktime_get_boot_ns();
	BPF_CORE_READ_STR_INTO(&t->type, tz, type);
	__sync_fetch_and_add(&t->events, 1);
	return 0;
}

SEC("tp_btf/cpu_frequency")
int BPF_PROG(on_cpu_frequency, unsigned int frequency, unsigned int cpu_id)
{
	struct st_cpufreq *f = lookup_or_init(&cpufreq, &cpu_id, &zero_cpufreq);

	if (!f)
		return 0;
	f->khz = frequency;
	f->time_ns = bpf_ktime_get_boot_ns();
	__sync_fetch_and_add(&f->events, 1);
	return 0;
}
