{
  "variables": {
    "libbpf_dir": "vendor/libbpf-1.5.0"
  },
  "targets": [
    {
      "target_name": "libbpf_pic",
      "type": "static_library",
      "sources": [
        "<(libbpf_dir)/src/bpf.c", "<(libbpf_dir)/src/btf.c", "<(libbpf_dir)/src/libbpf.c",
        "<(libbpf_dir)/src/libbpf_errno.c", "<(libbpf_dir)/src/netlink.c", "<(libbpf_dir)/src/nlattr.c",
        "<(libbpf_dir)/src/str_error.c", "<(libbpf_dir)/src/libbpf_probes.c",
        "<(libbpf_dir)/src/bpf_prog_linfo.c", "<(libbpf_dir)/src/btf_dump.c", "<(libbpf_dir)/src/hashmap.c",
        "<(libbpf_dir)/src/ringbuf.c", "<(libbpf_dir)/src/strset.c", "<(libbpf_dir)/src/linker.c",
        "<(libbpf_dir)/src/gen_loader.c", "<(libbpf_dir)/src/relo_core.c", "<(libbpf_dir)/src/usdt.c",
        "<(libbpf_dir)/src/zip.c", "<(libbpf_dir)/src/elf.c", "<(libbpf_dir)/src/features.c",
        "<(libbpf_dir)/src/btf_iter.c", "<(libbpf_dir)/src/btf_relocate.c"
      ],
      "include_dirs": ["<(libbpf_dir)/src", "<(libbpf_dir)/include", "<(libbpf_dir)/include/uapi"],
      "defines": ["_LARGEFILE64_SOURCE", "_FILE_OFFSET_BITS=64"],
      "cflags": ["-fPIC", "-fvisibility=hidden", "-std=gnu89", "-O2", "-w"]
    },
    {
      "target_name": "bpf_objects",
      "type": "none",
      "actions": [
        {
          "action_name": "compile_bpf",
          "inputs": ["scripts/compile-bpf.sh", "<!@(ls -1 bpf/*.c bpf/*.h)"],
          "outputs": ["<!@(ls -1 bpf/*.bpf.c | sed 's|^bpf/\\(.*\\)\\.c$|build/bpf/\\1.o|')"],
          "action": ["bash", "scripts/compile-bpf.sh"]
        }
      ]
    },
    {
      "target_name": "smoothtask",
      "dependencies": ["libbpf_pic", "bpf_objects"],
      "sources": ["<!@(ls -1 native/*.cc)"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "vendor/libbpf-include",
        "<(libbpf_dir)/include/uapi"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags": ["-fvisibility=hidden", "-Wall", "-Wextra"],
      "cflags_cc": ["-fvisibility=hidden", "-std=c++17", "-fexceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "ldflags": ["-Wl,--exclude-libs,ALL"],
      "libraries": ["-ldl", "-lelf", "-lz"]
    }
  ]
}
